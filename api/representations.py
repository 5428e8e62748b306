"""Posts, terms, users and comments as WordPress's REST API gives them.

Each `*_json` takes rows already fetched with what it reads (see the views'
querysets), so a list costs the same few queries however long it is.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.avatars import avatar_url
from core.site_url import absolute
from posts.models import Post

from . import dates, rules

STATUS_TO_WP = {
    Post.Status.DRAFT: "draft",
    Post.Status.PENDING: "pending",
    Post.Status.PUBLISHED: "publish",
    Post.Status.PRIVATE: "private",
}
COMMENT_STATUS_TO_WP = {"approved": "approved", "pending": "hold", "spam": "spam", "trash": "trash"}
AVATAR_SIZES = (24, 48, 96)


def api_url(name, **kwargs):
    return absolute(reverse(f"api:{name}", kwargs=kwargs))


def wp_status(post):
    if post.status == Post.Status.PUBLISHED and post.published_at > timezone.now():
        return "future"
    return STATUS_TO_WP[post.status]


def post_json(post, request, *, edit=False, embed=False):
    may_edit = rules.may_edit(request.user, post)
    locked = bool(post.password) and not may_edit
    excerpt = f"<p>{escape(post.excerpt)}</p>\n" if post.excerpt else ""
    data = {
        "id": post.pk,
        "date": dates.local(post.published_at),
        "date_gmt": dates.gmt(post.published_at),
        "guid": {"rendered": post.wp_guid or absolute(f"/?p={post.pk}")},
        "modified": dates.local(post.updated),
        "modified_gmt": dates.gmt(post.updated),
        "slug": post.slug,
        "status": wp_status(post),
        "type": "post",
        "link": absolute(post.get_absolute_url()),
        "title": {"rendered": escape(post.title)},
        "content": {"rendered": "" if locked else post.body_html, "protected": bool(post.password)},
        "excerpt": {"rendered": "" if locked else excerpt, "protected": bool(post.password)},
        "author": post.author_id,
        "featured_media": 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "open" if post.pings_open else "closed",
        "sticky": post.sticky,
        "template": "",
        "format": post.format,
        "meta": [],
        "categories": [c.pk for c in post.categories.all()],
        "tags": [t.pk for t in post.tags.all()],
    }
    if edit:
        data["title"]["raw"] = post.title
        data["content"]["raw"] = post.body
        data["excerpt"]["raw"] = post.excerpt
        data["password"] = post.password
        data["permalink_template"] = data["link"]
    data["_links"] = {
        "self": [{"href": api_url("post-detail", pk=post.pk)}],
        "collection": [{"href": api_url("post-list")}],
        "author": [{"embeddable": True, "href": api_url("user-detail", pk=post.author_id)}],
        "replies": [{"embeddable": True, "href": f"{api_url('comment-list')}?post={post.pk}"}],
        "wp:term": [
            {
                "taxonomy": "category",
                "embeddable": True,
                "href": f"{api_url('category-list')}?post={post.pk}",
            },
            {
                "taxonomy": "post_tag",
                "embeddable": True,
                "href": f"{api_url('tag-list')}?post={post.pk}",
            },
        ],
    }
    if embed:
        data["_embedded"] = {
            "author": [user_json(post.author)],
            "wp:term": [
                [category_json(c) for c in post.categories.all()],
                [tag_json(t) for t in post.tags.all()],
            ],
        }
    return data


def user_json(user, *, edit=False):
    data = {
        "id": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "url": "",
        "description": "",
        "link": absolute(reverse("posts:author", kwargs={"username": user.get_username()})),
        "slug": user.get_username(),
        "avatar_urls": {str(size): absolute(avatar_url(user.email, size)) for size in AVATAR_SIZES},
        "_links": {"self": [{"href": api_url("user-detail", pk=user.pk)}]},
    }
    if edit:
        data.update(
            username=user.get_username(),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            registered_date=user.date_joined.isoformat(),
            roles=sorted(group.name.lower().rstrip("s") for group in user.groups.all())
            + (["administrator"] if user.is_superuser else []),
        )
    return data


def term_json(term, taxonomy, route, *, parent=None, description=""):
    data = {
        "id": term.pk,
        "count": getattr(term, "post_count", 0),
        "description": description,
        "link": absolute(term.get_absolute_url()),
        "name": term.name,
        "slug": term.slug,
        "taxonomy": taxonomy,
    }
    if parent is not None:
        data["parent"] = parent
    data["meta"] = []
    data["_links"] = {
        "self": [{"href": api_url(f"{route}-detail", pk=term.pk)}],
        "collection": [{"href": api_url(f"{route}-list")}],
    }
    return data


def category_json(category):
    return term_json(
        category,
        "category",
        "category",
        parent=category.parent_id or 0,
        description=category.description,
    )


def tag_json(tag):
    return term_json(tag, "post_tag", "tag")


def comment_json(comment, *, edit=False):
    data = {
        "id": comment.pk,
        "post": comment.post_id,
        "parent": comment.parent_id or 0,
        "author": comment.user_id or 0,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "date": dates.local(comment.created),
        "date_gmt": dates.gmt(comment.created),
        "content": {"rendered": comment.body},
        "link": absolute(comment.get_absolute_url()),
        "status": COMMENT_STATUS_TO_WP[comment.status],
        "type": comment.kind,
        "author_avatar_urls": {
            str(size): absolute(avatar_url(comment.author_email, size)) for size in AVATAR_SIZES
        },
        "meta": [],
    }
    if edit:
        data.update(
            author_email=comment.author_email,
            author_ip=comment.ip or "",
            author_user_agent=comment.user_agent,
        )
        data["content"]["raw"] = comment.body
    data["_links"] = {
        "self": [{"href": api_url("comment-detail", pk=comment.pk)}],
        "collection": [{"href": api_url("comment-list")}],
        "up": [{"embeddable": True, "href": api_url("post-detail", pk=comment.post_id)}],
    }
    return data
