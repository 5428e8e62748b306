"""The MetaWeblog API (with the Movable Type and WordPress members of its struct):
metaWeblog.newPost, editPost, getPost, getRecentPosts and getCategories.

Its struct names categories by name (unknown names are ignored, as WordPress
does), tags by `mt_keywords` (made when new), the body by `description` plus
`mt_text_more`; the `publish` flag decides the status unless `post_status`
says otherwise. The checks and the saving are the WordPress API's
(`post_writing`), with MetaWeblog's messages. The legacy page methods
(`wp_pages`) send pages through here, as WordPress does: a page's struct has
`page_status`, `wp_page_parent_id` and `wp_page_order`, and no terms, sticky or format.
"""

from core.site_url import absolute
from posts.models import Category, Kind, Post, Tag

from .. import rules
from . import post_writing, structs
from .base import (
    BY_POST,
    Fault,
    as_id,
    gmt_date,
    local_date,
    method,
    names_list,
    not_allowed,
    sent_date,
    struct,
)

MORE = "<!--more-->"
# A struct's members taken as they are, by their REST names.
MEMBERS = (("mt_excerpt", "excerpt"), ("wp_slug", "slug"), ("wp_password", "password"))
POST_MEMBERS = (("wp_post_format", "format"),)
PAGE_MEMBERS = (("wp_page_parent_id", "parent"), ("wp_page_order", "menu_order"))


def post_fields(user, post, content, publish):
    """The REST fields for a MetaWeblog struct, after WordPress's checks for it."""
    page = post.kind == Kind.PAGE
    sent_status = content.get("page_status" if page else "post_status")
    status = post_writing.status_of(sent_status, "publish" if publish else "draft")
    fields = {"status": status}
    if "title" in content:
        fields["title"] = content["title"]
    if "description" in content or "mt_text_more" in content:
        body = str(content.get("description", post.body))
        if more := content.get("mt_text_more"):
            body = f"{body}{MORE}{more}"
        fields["content"] = body
    for wp, rest in MEMBERS + (PAGE_MEMBERS if page else POST_MEMBERS):
        if wp in content:
            fields[rest] = content[wp]
    for wp, rest in (("mt_allow_comments", "comment_status"), ("mt_allow_pings", "ping_status")):
        if (value := post_writing.open_closed(content.get(wp))) is not None:
            fields[rest] = value
    if content.get("date_created_gmt"):
        fields["date_gmt"] = sent_date(content["date_created_gmt"]).isoformat() + "Z"
    elif content.get("dateCreated"):
        fields["date"] = sent_date(content["dateCreated"]).isoformat()
    if page:
        return fields
    if "categories" in content:
        names = [str(name) for name in names_list(content["categories"])]
        fields["categories"] = post_writing.named_terms(user, Category, names, create=False)
    if "mt_keywords" in content:
        names = [str(name) for name in names_list(content["mt_keywords"])]
        fields["tags"] = post_writing.named_terms(user, Tag, names)
    if "sticky" in content:
        password = fields.get("password", post.password)
        post_writing.check_sticky(user, content["sticky"], status, password, post.sticky)
        fields["sticky"] = content["sticky"]
    return fields


@method("metaWeblog.newPost", write=True)
def new_post(request, user, blog_id, content, publish=False):
    content = struct(content)
    post_writing.check_type(content.get("post_type"))
    if not rules.may_write_posts(user):
        raise not_allowed("Sorry, you are not allowed to publish posts on this site.")
    return save_sent(
        user,
        Post(author=user, title=""),
        content,
        publish,
        refused="Sorry, you are not allowed to publish posts on this site.",
        author_refused="Sorry, you are not allowed to create posts as this user.",
    )


@method("metaWeblog.editPost", credentials=BY_POST, write=True)
def edit_post(request, user, post_id, content, publish=False):
    content = struct(content)
    post = Post.objects.select_for_update().filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Invalid post ID.")
    if not rules.may_edit(user, post):
        raise not_allowed("Sorry, you are not allowed to edit this post.")
    if content.get("post_type") not in (None, "", "post"):
        raise not_allowed("The post type may not be changed.")
    save_sent(
        user,
        post,
        content,
        publish,
        refused="Sorry, you are not allowed to publish this post.",
        author_refused="Sorry, you are not allowed to change the post author as this user.",
    )
    return True


def save_sent(user, post, content, publish, *, refused, author_refused):
    """A new or edited post from a MetaWeblog struct, after WordPress's checks, in the
    words WordPress refuses each with."""
    fields = post_fields(user, post, content, publish)
    post_writing.check_publishing(user, fields["status"], publish=refused, private=refused)
    author = post_writing.check_author(
        user, content.get("wp_author_id"), post.author_id, author_refused
    )
    if author:
        fields["author"] = author
    image = False
    if "wp_post_thumbnail" in content:
        image = post_writing.featured_image(content["wp_post_thumbnail"])
    return post_writing.save(user, post, fields, image=image)


def metaweblog_struct(post):
    """metaWeblog.getPost's struct (getRecentPosts lists the same)."""
    body, _, more = post.body.partition(MORE)
    status = structs.post_struct(post, ("post_status",))["post_status"]
    return {
        "dateCreated": local_date(post.published_at),
        "userid": str(post.author_id),
        "postid": str(post.pk),
        "description": body,
        "title": post.title,
        "link": absolute(post.get_absolute_url()),
        "permaLink": absolute(post.get_absolute_url()),
        "categories": [category.name for category in post.categories.all()],
        "mt_excerpt": post.excerpt,
        "mt_text_more": more,
        "wp_more_text": "",
        "mt_allow_comments": 1 if post.comments_open else 0,
        "mt_allow_pings": 1 if post.pings_open else 0,
        "mt_keywords": ", ".join(tag.name for tag in post.tags.all()),
        "wp_slug": post.slug,
        "wp_password": post.password,
        "wp_author_id": str(post.author_id),
        "wp_author_display_name": post.author.get_full_name() or post.author.get_username(),
        "date_created_gmt": gmt_date(post.published_at),
        "post_status": status,
        "custom_fields": [],
        "wp_post_format": post.format,
        "sticky": post.sticky,
        "date_modified": local_date(post.updated),
        "date_modified_gmt": gmt_date(post.updated),
        "wp_post_thumbnail": str(post.featured_image_id or ""),
    }


@method("metaWeblog.getPost", credentials=BY_POST)
def get_post(request, user, post_id):
    post = structs.posts_for_structs(Post.objects.all()).filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Invalid post ID.")
    if not rules.may_edit(user, post):
        raise not_allowed("Sorry, you are not allowed to edit this post.")
    return metaweblog_struct(post)


@method("metaWeblog.getRecentPosts")
def get_recent_posts(request, user, blog_id, number=10):
    if not rules.may_write_posts(user):
        raise not_allowed("Sorry, you are not allowed to edit posts.")
    posts = rules.editable(user, Post.objects.order_by("-published_at", "-pk"))
    chosen = structs.posts_for_structs(posts)[: as_id(number) or 10]
    return [metaweblog_struct(post) for post in chosen]


@method("metaWeblog.getCategories", "wp.getCategories")
def get_categories(request, user, blog_id):
    if not rules.may_write_posts(user):
        raise not_allowed(
            "Sorry, you must be able to edit posts on this site in order to view categories."
        )
    return [
        {
            "categoryId": str(category.pk),
            "parentId": str(category.parent_id or 0),
            "description": category.name,
            "categoryDescription": category.description,
            "categoryName": category.name,
            "htmlUrl": absolute(category.get_absolute_url()),
            "rssUrl": absolute(category.get_absolute_url() + "feed/"),
        }
        for category in Category.objects.order_by("name", "pk")
    ]
