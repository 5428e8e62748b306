"""The WordPress API's legacy page methods: wp.getPage, wp.getPages, wp.getPageList,
wp.newPage, wp.editPage and wp.deletePage, which older clients still call.

Their parameters, structs and faults are WordPress's (`wp_getPage`… in its XML-RPC
server): a page is written as MetaWeblog writes a post (`metaweblog.save_sent`, hence
the one write path), read as `_prepare_page` gives it. Pages are the Editors' (`rules`).
"""

from core.site_url import absolute
from posts.models import Kind, Page, Post

from .. import rules
from ..representations import wp_status
from . import metaweblog, post_writing
from .base import BLOGGER, Fault, as_id, gmt_date, local_date, method, not_allowed, struct


def no_such_page():
    return Fault(404, "Sorry, no such page.")


def pages_for_structs(pages):
    """`pages` with what `page_struct` reads, in one query however many."""
    return pages.select_related("author", "parent")


def page_struct(page):
    """wp.getPage's struct (wp.getPages lists the same)."""
    body, _, more = page.body.partition(metaweblog.MORE)
    link = absolute(page.get_absolute_url())
    author = page.author.get_full_name() or page.author.get_username()
    return {
        "dateCreated": local_date(page.published_at),
        "userid": str(page.author_id),
        "page_id": page.pk,
        "page_status": wp_status(page),
        "description": body,
        "title": page.title,
        "link": link,
        "permaLink": link,
        "categories": [],
        "excerpt": page.excerpt,
        "text_more": more,
        "mt_allow_comments": 1 if page.comments_open else 0,
        "mt_allow_pings": 1 if page.pings_open else 0,
        "wp_slug": page.slug,
        "wp_password": page.password,
        "wp_author": author,
        "wp_page_parent_id": page.parent_id or 0,
        "wp_page_parent_title": page.parent.title if page.parent_id else "",
        "wp_page_order": page.menu_order,
        "wp_author_id": str(page.author_id),
        "wp_author_display_name": author,
        "date_created_gmt": gmt_date(page.published_at),
        "custom_fields": [],
        "wp_page_template": "default",
    }


@method("wp.getPage", credentials=BLOGGER)
def get_page(request, user, blog_id, page_id):
    entry = pages_for_structs(Post.entries.all()).filter(pk=as_id(page_id)).first()
    if entry is None:
        raise Fault(404, "Invalid post ID.")
    if not rules.may_edit(user, entry):
        raise not_allowed("Sorry, you are not allowed to edit this page.")
    if entry.kind != Kind.PAGE:
        raise no_such_page()
    return page_struct(entry)


@method("wp.getPages")
def get_pages(request, user, blog_id, number=10):
    if not rules.may_write_posts(user, Kind.PAGE):
        raise not_allowed("Sorry, you are not allowed to edit pages.")
    pages = rules.editable(user, Page.objects.order_by("-published_at", "-pk"), Kind.PAGE)
    return [page_struct(page) for page in pages_for_structs(pages)[: as_id(number) or 10]]


@method("wp.getPageList")
def get_page_list(request, user, blog_id):
    if not rules.may_write_posts(user, Kind.PAGE):
        raise not_allowed("Sorry, you are not allowed to edit pages.")
    pages = rules.editable(user, Page.objects.order_by("pk"), Kind.PAGE)
    return [
        {
            "page_id": str(pk),
            "page_title": title,
            "page_parent_id": str(parent or 0),
            "dateCreated": local_date(published_at),
            "date_created_gmt": gmt_date(published_at),
        }
        for pk, title, parent, published_at in pages.values_list(
            "pk", "title", "parent", "published_at"
        )
    ]


@method("wp.newPage", write=True)
def new_page(request, user, blog_id, content, publish=False):
    content = struct(content)
    if not rules.may_write_posts(user, Kind.PAGE):
        raise not_allowed("Sorry, you are not allowed to publish posts on this site.")
    return metaweblog.save_sent(
        user,
        post_writing.new_entry(user, Kind.PAGE),
        content,
        publish,
        refused="Sorry, you are not allowed to publish pages on this site.",
        author_refused="Sorry, you are not allowed to create pages as this user.",
    )


@method("wp.editPage", credentials=BLOGGER, write=True)
def edit_page(request, user, blog_id, page_id, content, publish=False):
    content = struct(content)
    page = post_writing.entry_to_edit(page_id)
    if page is None or page.kind != Kind.PAGE:
        raise no_such_page()
    if not rules.may_edit(user, page):
        raise not_allowed("Sorry, you are not allowed to edit this page.")
    metaweblog.save_sent(
        user,
        page,
        content,
        publish,
        refused="Sorry, you are not allowed to publish this page.",
        author_refused="Sorry, you are not allowed to change the page author as this user.",
    )
    return True


@method("wp.deletePage", write=True)
def delete_page(request, user, blog_id, page_id):
    page = Page.objects.filter(pk=as_id(page_id)).first()
    if page is None:
        raise no_such_page()
    if not rules.may_delete(user, page):
        raise not_allowed("Sorry, you are not allowed to delete this page.")
    page.delete()
    return True
