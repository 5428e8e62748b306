"""The Movable Type API (mt.*) and the Blogger API's blogger.deletePost, which
MetaWeblog borrows as metaWeblog.deletePost."""

from core import xmlrpc
from posts.models import Category, Post

from .. import rules
from . import post_writing
from .base import BLOGGER, BY_POST, UNSIGNED, Fault, as_id, method, not_allowed


def post_to_edit(user, post_id, posts=Post.objects):
    """The post, if the user may edit it; `posts` locks it for a write (select_for_update)."""
    post = posts.filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Invalid post ID.")
    if not rules.may_edit(user, post):
        raise not_allowed("Sorry, you are not allowed to edit this post.")
    return post


@method("mt.getCategoryList")
def get_category_list(request, user, blog_id):
    if not rules.may_write_posts(user):
        raise not_allowed(
            "Sorry, you must be able to edit posts on this site in order to view categories."
        )
    return [
        {"categoryId": str(pk), "categoryName": name}
        for pk, name in Category.objects.order_by("name", "pk").values_list("pk", "name")
    ]


@method("mt.getPostCategories", credentials=BY_POST)
def get_post_categories(request, user, post_id):
    post = post_to_edit(user, post_id)
    primary = post.primary_category_id
    categories = sorted(post.categories.all(), key=lambda c: (c.pk != primary, c.name))
    return [
        {"categoryName": c.name, "categoryId": str(c.pk), "isPrimary": c.pk == primary}
        for c in categories
    ]


@method("mt.setPostCategories", credentials=BY_POST, write=True)
def set_post_categories(request, user, post_id, categories):
    post = post_to_edit(user, post_id, Post.objects.select_for_update())
    if not isinstance(categories, list) or not all(isinstance(c, dict) for c in categories):
        raise xmlrpc.Fault(xmlrpc.BAD_PARAMS, "server error. invalid method parameters")
    ids = [as_id(c.get("categoryId")) for c in categories]
    primary = [as_id(c.get("categoryId")) for c in categories if c.get("isPrimary")]
    known = set(Category.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(known) != len(set(ids)):
        raise Fault(403, "Invalid term ID.")
    # The primary category first: the post takes its first category as primary.
    ordered = list(dict.fromkeys(primary + ids))
    post_writing.save(user, post, {"categories": ordered})
    if primary and post.primary_category_id != primary[0]:
        Post.objects.filter(pk=post.pk).update(primary_category=primary[0])
    return True


@method("mt.supportedMethods", credentials=UNSIGNED)
def supported_methods(request, user):
    return xmlrpc.method_names()


@method("mt.supportedTextFilters", credentials=UNSIGNED)
def supported_text_filters(request, user):
    return []


@method("mt.publishPost", credentials=BY_POST, write=True)
def publish_post(request, user, post_id):
    post = Post.objects.select_for_update().filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Invalid post ID.")
    if not (rules.may_publish(user) and rules.may_edit(user, post)):
        raise not_allowed("Sorry, you are not allowed to publish this post.")
    post_writing.save(user, post, {"status": "publish"})
    return post.pk


@method("blogger.deletePost", "metaWeblog.deletePost", credentials=BLOGGER, write=True)
def delete_post(request, user, appkey, post_id, publish=False):
    post = Post.objects.filter(pk=as_id(post_id)).first()
    if post is None:
        raise Fault(404, "Sorry, no such post.")
    if not rules.may_delete(user, post):
        raise not_allowed("Sorry, you are not allowed to delete this post.")
    post.delete()
    return True
