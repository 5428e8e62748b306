"""Posts, terms, media, comments and users as WordPress's XML-RPC server gives them:
the same member names and types (ids as strings, dates as dateTime without an offset).

Each function takes rows already fetched with what it reads (see `queries`),
so that a list costs the same few queries however long it is.
"""

from django.contrib.auth.models import Group
from django.db.models import Prefetch

from core.site_url import absolute
from library.models import MediaItem
from posts.models import Category, Kind, Tag

from ..representations import COMMENT_STATUS_TO_WP, wp_status
from ..terms import published_count
from .base import gmt_date, local_date

COMMENT_STATUS = {**COMMENT_STATUS_TO_WP, "approved": "approve"}


def posts_for_structs(posts, kind=Kind.POST):
    """`posts` with what `post_struct` and the MetaWeblog structs read, in a fixed number
    of queries (pages have no terms to fetch)."""
    posts = posts.select_related("author", "featured_image")
    if kind == Kind.PAGE:
        return posts
    return posts.prefetch_related(
        Prefetch("categories", queryset=terms_with_counts(Category)),
        Prefetch("tags", queryset=terms_with_counts(Tag)),
    )


def terms_with_counts(model):
    return model.objects.annotate(post_count=published_count()).order_by("name", "pk")


def post_struct(post, fields=("post", "terms", "custom_fields")):
    """wp.getPost's struct, with the members `fields` asks for (`post` for all the basic ones);
    a page's `link` is its nested address."""
    data = {"post_id": str(post.pk)}
    basic = {
        "post_title": post.title,
        "post_date": local_date(post.published_at),
        "post_date_gmt": gmt_date(post.published_at),
        "post_modified": local_date(post.updated),
        "post_modified_gmt": gmt_date(post.updated),
        # WordPress's XML-RPC shows scheduled posts as published, with their date.
        "post_status": "publish" if wp_status(post) == "future" else wp_status(post),
        "post_type": str(post.kind),
        "post_name": post.slug,
        "post_author": str(post.author_id),
        "post_password": post.password,
        "post_excerpt": post.excerpt,
        "post_content": post.body,
        "post_parent": str(post.parent_id or 0),
        "post_mime_type": "",
        "link": absolute(post.get_absolute_url()),
        "guid": post.wp_guid or absolute(f"/?p={post.pk}"),
        "menu_order": post.menu_order,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "open" if post.pings_open else "closed",
        "sticky": post.sticky,
        "post_thumbnail": media_struct(post.featured_image) if post.featured_image else [],
        "post_format": post.format,
    }
    if "post" in fields:
        data.update(basic)
    else:
        data.update({name: value for name, value in basic.items() if name in fields})
    if "terms" in fields or "taxonomies" in fields:
        data["terms"] = [] if post.kind == Kind.PAGE else terms_of(post)
    if "custom_fields" in fields:
        data["custom_fields"] = []
    if "enclosure" in fields:
        data["enclosure"] = {}
    return data


def terms_of(post):
    return [category_struct(c) for c in post.categories.all()] + [
        tag_struct(t) for t in post.tags.all()
    ]


def term_struct(term, taxonomy, *, parent=0, description=""):
    return {
        "term_id": str(term.pk),
        "name": term.name,
        "slug": term.slug,
        "term_group": "0",
        "term_taxonomy_id": str(term.pk),
        "taxonomy": taxonomy,
        "description": description,
        "parent": str(parent or 0),
        "count": getattr(term, "post_count", 0),
        "filter": "raw",
        "custom_fields": [],
    }


def category_struct(category):
    return term_struct(
        category, "category", parent=category.parent_id, description=category.description
    )


def tag_struct(tag):
    return term_struct(tag, "post_tag")


TAXONOMIES = {
    "category": {"label": "Categories", "singular": "Category", "hierarchical": True},
    "post_tag": {"label": "Tags", "singular": "Tag", "hierarchical": False},
}


def taxonomy_struct(name):
    about = TAXONOMIES[name]
    return {
        "name": name,
        "label": about["label"],
        "hierarchical": about["hierarchical"],
        "public": True,
        "show_ui": True,
        "_builtin": True,
        "labels": {"name": about["label"], "singular_name": about["singular"]},
        "cap": {
            "manage_terms": "manage_categories",
            "edit_terms": "manage_categories",
            "delete_terms": "manage_categories",
            "assign_terms": "edit_posts",
        },
        "object_type": ["post"],
    }


def media_struct(item):
    """wp.getMediaItem's struct; uploads answer with it too."""
    metadata = {"filesize": item.size, "file": item.file.name, "sizes": {}}
    if item.is_image:
        metadata.update(width=item.width or 0, height=item.height or 0)
        metadata["sizes"] = {
            f"{r['width']}w": {**r, "url": absolute(r["url"])} for r in item.renditions[:-1]
        }
    return {
        "attachment_id": str(item.pk),
        "date_created_gmt": gmt_date(item.uploaded_at),
        "parent": 0,
        "link": absolute(item.url),
        "title": item.title,
        "caption": item.caption,
        "description": item.description,
        "metadata": metadata,
        "type": item.mime_type,
        "thumbnail": absolute(item.thumbnail_url),
    }


def media_items():
    return MediaItem.objects.order_by("-uploaded_at", "-pk")


def comment_struct(comment):
    return {
        "date_created_gmt": gmt_date(comment.created),
        "user_id": str(comment.user_id or 0),
        "comment_id": str(comment.pk),
        "parent": str(comment.parent_id or 0),
        "status": COMMENT_STATUS[comment.status],
        "content": comment.body,
        "link": absolute(comment.get_absolute_url()),
        "post_id": str(comment.post_id),
        "post_title": comment.post.title,
        "author": comment.author_name,
        "author_url": comment.author_url,
        "author_email": comment.author_email,
        "author_ip": comment.ip or "",
        "type": "" if comment.kind == "comment" else comment.kind,
    }


def roles(user):
    names = [group.name.lower().rstrip("s") for group in Group.objects.filter(user=user)]
    return sorted(names + (["administrator"] if user.is_superuser else []))


def user_struct(user):
    return {
        "user_id": str(user.pk),
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "registered": local_date(user.date_joined),
        "bio": "",
        "email": user.email,
        "nickname": user.get_username(),
        "nicename": user.get_username(),
        "url": "",
        "display_name": user.get_full_name() or user.get_username(),
        "roles": roles(user),
    }
