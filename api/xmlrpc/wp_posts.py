"""The WordPress API's posts and pages: wp.getPost, wp.getPosts, wp.newPost, wp.editPost,
wp.deletePost, with `post_type` "post" (the default) or "page".

The checks and faults follow WordPress's `_insert_post`; what each role may do
is `rules`' (by the entry's kind: Editors manage pages), the saving `post_writing`'s.
Pages take no terms (WordPress's fault), and sticky (WordPress sticks posts only)
and format (the page screen has none) are ignored; they take `post_parent` and
`menu_order`.
"""

import datetime

from django.utils import timezone

from posts.models import Kind, Post
from posts.search import search_pages, search_posts

from .. import rules
from ..writing import WP_TO_STATUS
from . import post_writing, structs
from .base import BAD_PARAMS, Fault, as_id, method, not_allowed, sent_date, struct

DEFAULT_FIELDS = ("post", "terms", "custom_fields")
ORDER_BY = {
    "date": "published_at",
    "modified": "updated",
    "title": "title",
    "ID": "pk",
    "menu_order": "menu_order",
}
# WordPress's names for the REST fields PostWrite takes.
FIELDS = {
    "post_title": "title",
    "post_content": "content",
    "post_excerpt": "excerpt",
    "post_name": "slug",
    "post_password": "password",
    "post_format": "format",
}
NOT_FOR_PAGES = ("post_format", "sticky")


def invalid_id():
    return Fault(404, "Invalid post ID.")


def fields_param(fields):
    if fields is None:
        return DEFAULT_FIELDS
    if not isinstance(fields, list):
        raise BAD_PARAMS
    return fields


@method("wp.getPost")
def get_post(request, user, blog_id, post_id, fields=None):
    fields = fields_param(fields)
    post = structs.posts_for_structs(Post.entries.all()).filter(pk=as_id(post_id)).first()
    if post is None:
        raise invalid_id()
    if not rules.may_edit(user, post):
        raise not_allowed("Sorry, you are not allowed to edit this post.")
    return structs.post_struct(post, fields)


@method("wp.getPosts")
def get_posts(request, user, blog_id, query=None, fields=None):
    query, fields = struct(query or {}), fields_param(fields)
    kind = post_writing.kind_of(query.get("post_type"))
    if not rules.may_write_posts(user, kind):
        raise not_allowed("Sorry, you are not allowed to edit posts in this post type.")
    posts = rules.editable(user, Post.entries.filter(kind=kind), kind)
    if "post_status" in query:
        posts = with_status(posts, query["post_status"])
    if words := query.get("s"):
        if kind == Kind.PAGE:
            posts = search_pages(posts, str(words))
        else:
            posts = posts.filter(pk__in=search_posts(str(words)).values("pk"))
    order = ORDER_BY.get(query.get("orderby"), "published_at")
    direction = "" if str(query.get("order", "DESC")).upper() == "ASC" else "-"
    posts = posts.order_by(f"{direction}{order}", f"{direction}pk")
    offset = as_id(query.get("offset", 0))
    number = as_id(query.get("number", 10)) or 10
    chosen = structs.posts_for_structs(posts, kind)[offset : offset + number]
    return [structs.post_struct(post, fields) for post in chosen]


def with_status(posts, statuses):
    """Posts in WordPress's statuses (`publish`, `future`, `draft`…, a list or `a,b`)."""
    if isinstance(statuses, str):
        statuses = [s.strip() for s in statuses.split(",")]
    if not isinstance(statuses, list):
        raise BAD_PARAMS
    if "any" in statuses:
        return posts
    now, wanted = timezone.now(), Post.objects.none()
    for status in statuses:
        if status == "publish":
            wanted |= posts.filter(status=Post.Status.PUBLISHED, published_at__lte=now)
        elif status == "future":
            wanted |= posts.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        elif status in ("draft", "pending", "private"):
            wanted |= posts.filter(status=WP_TO_STATUS[status])
    return wanted


@method("wp.newPost", write=True)
def new_post(request, user, blog_id, content):
    content = struct(content)
    kind = post_writing.kind_of(content.get("post_type"))
    if not rules.may_write_posts(user, kind):
        raise not_allowed("Sorry, you are not allowed to post on this site.")
    return insert(user, post_writing.new_entry(user, kind), content)


@method("wp.editPost", write=True)
def edit_post(request, user, blog_id, post_id, content):
    content = struct(content)
    post = post_writing.entry_to_edit(post_id)
    if post is None:
        raise invalid_id()
    if "if_not_modified_since" in content:
        since = sent_date(content["if_not_modified_since"]).replace(tzinfo=datetime.UTC)
        if post.updated.replace(microsecond=0) > since:
            raise Fault(409, "There is a revision of this post that is more recent.")
    kind = post_writing.kind_of(content.get("post_type") or post.kind)
    if not rules.may_edit(user, post):
        raise not_allowed("Sorry, you are not allowed to edit this post.")
    if kind != post.kind:
        raise not_allowed("The post type may not be changed.")
    insert(user, post, content)
    return True


def insert(user, post, content):
    """WordPress's checks on a content struct, then the save."""
    if post.kind == Kind.PAGE:
        content = page_content(content)
    status = post_writing.status_of(content.get("post_status"), post_writing.current_status(post))
    password = content.get("post_password", post.password)
    post_writing.check_publishing(
        user,
        status,
        password=password,
        publish="Sorry, you are not allowed to publish posts in this post type.",
        private="Sorry, you are not allowed to create private posts in this post type.",
        protected="Sorry, you are not allowed to create password protected posts in this "
        "post type.",
    )
    fields = {rest: content[wp] for wp, rest in FIELDS.items() if wp in content}
    fields["status"] = status
    author = post_writing.check_author(
        user,
        content.get("post_author"),
        post.author_id,
        "Sorry, you are not allowed to create posts as this user.",
    )
    if author:
        fields["author"] = author
    for name in ("comment_status", "ping_status"):
        if content.get(name) in post_writing.OPEN_CLOSED:
            fields[name] = content[name]
    if "sticky" in content:
        post_writing.check_sticky(user, content["sticky"], status, password, post.sticky)
        fields["sticky"] = content["sticky"]
    if content.get("post_date_gmt"):
        fields["date_gmt"] = sent_date(content["post_date_gmt"]).isoformat() + "Z"
    elif content.get("post_date"):
        fields["date"] = sent_date(content["post_date"]).isoformat()
    image = False
    if "post_thumbnail" in content:
        image = post_writing.featured_image(content["post_thumbnail"])
    if content.get("terms") or content.get("terms_names"):
        fields.update(
            post_writing.term_ids(
                user, struct(content.get("terms") or {}), struct(content.get("terms_names") or {})
            )
        )
    if post.kind == Kind.PAGE:
        if "post_parent" in content:
            fields["parent"] = as_id(content["post_parent"])
        if "menu_order" in content:
            fields["menu_order"] = content["menu_order"]
    return post_writing.save(user, post, fields, image=image)


def page_content(content):
    """A page's struct without what pages lack: terms are refused as WordPress refuses
    them (no taxonomy is the page type's); stickiness (WordPress sticks posts only) and
    format (the page screen has none) are left out, so a struct wp.getPost gave can be
    sent back."""
    if struct(content.get("terms") or {}) or struct(content.get("terms_names") or {}):
        raise not_allowed(post_writing.NO_TAXONOMY)
    return {name: value for name, value in content.items() if name not in NOT_FOR_PAGES}


@method("wp.deletePost", write=True)
def delete_post(request, user, blog_id, post_id):
    post = Post.entries.filter(pk=as_id(post_id)).first()
    if post is None:
        raise invalid_id()
    if not rules.may_delete(user, post):
        raise not_allowed("Sorry, you are not allowed to delete this post.")
    post.delete()
    return True
