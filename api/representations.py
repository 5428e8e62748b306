"""Posts, pages, media, terms, users and comments as WordPress's REST API gives them.

Each `*_json` takes rows already fetched with what it reads (see the views'
querysets), so a list costs the same few queries however long it is.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.avatars import avatar_url
from core.site_url import absolute
from library.uploads import Kind
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


def entry_json(post, request, *, edit=False):
    """What posts and pages share; a protected body is shown only to those who may edit it
    (the public page asks for the password)."""
    locked = bool(post.password) and not rules.may_edit(request.user, post)
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
        "type": post.kind,
        "link": absolute(post.get_absolute_url()),
        "title": {"rendered": escape(post.title)},
        "content": {"rendered": "" if locked else post.body_html, "protected": bool(post.password)},
        "excerpt": {"rendered": "" if locked else excerpt, "protected": bool(post.password)},
        "author": post.author_id,
        "featured_media": post.featured_image_id or 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "open" if post.pings_open else "closed",
    }
    if edit:
        data["title"]["raw"] = post.title
        data["content"]["raw"] = post.body
        data["excerpt"]["raw"] = post.excerpt
        data["password"] = post.password
        data["permalink_template"] = data["link"]
    return data


def entry_links(post, route):
    links = {
        "self": [{"href": api_url(f"{route}-detail", pk=post.pk)}],
        "collection": [{"href": api_url(f"{route}-list")}],
        "author": [{"embeddable": True, "href": api_url("user-detail", pk=post.author_id)}],
        "replies": [{"embeddable": True, "href": f"{api_url('comment-list')}?post={post.pk}"}],
    }
    if post.featured_image_id:
        links["wp:featuredmedia"] = [
            {"embeddable": True, "href": api_url("media-detail", pk=post.featured_image_id)}
        ]
    return links


def entry_embeds(post):
    """`_embedded`'s author and featured image: rows fetched with the entry."""
    embedded = {"author": [user_json(post.author)]}
    if post.featured_image_id:
        embedded["wp:featuredmedia"] = [media_json(post.featured_image)]
    return embedded


def post_json(post, request, *, edit=False, embed=False):
    data = entry_json(post, request, edit=edit)
    data.update(
        sticky=post.sticky,
        template="",
        format=post.format,
        meta=[],
        categories=[c.pk for c in post.categories.all()],
        tags=[t.pk for t in post.tags.all()],
    )
    data["_links"] = {
        **entry_links(post, "post"),
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
            **entry_embeds(post),
            "wp:term": [
                [category_json(c) for c in post.categories.all()],
                [tag_json(t) for t in post.tags.all()],
            ],
        }
    return data


def page_json(page, request, *, edit=False, embed=False):
    """A page: a post's fields without terms, with its parent and place among its siblings.
    Its parent is embedded (`up`) only when the asker may see it."""
    data = entry_json(page, request, edit=edit)
    data.update(parent=page.parent_id or 0, menu_order=page.menu_order, template="", meta=[])
    data["_links"] = entry_links(page, "page")
    if page.parent_id:
        data["_links"]["up"] = [
            {"embeddable": True, "href": api_url("page-detail", pk=page.parent_id)}
        ]
    if embed:
        data["_embedded"] = entry_embeds(page)
        parent = page.parent
        if parent is not None and (parent.is_published or rules.may_edit(request.user, parent)):
            data["_embedded"]["up"] = [parent_json(parent, request)]
    return data


def parent_json(page, request):
    """A parent page as WordPress embeds it: the embed context, no deeper embeds."""
    full = entry_json(page, request)
    keys = ("id", "date", "slug", "type", "link", "title", "author", "excerpt", "featured_media")
    return {
        **{key: full[key] for key in keys},
        "parent": page.parent_id or 0,
        "menu_order": page.menu_order,
        "_links": {"self": [{"href": api_url("page-detail", pk=page.pk)}]},
    }


# WordPress's size names for the renditions, smallest first; the stored file is "full".
SIZE_NAMES = ("medium", "medium_large", "large")


def media_sizes(item):
    renditions = item.renditions
    sizes = {}
    for n, rendition in enumerate(renditions):
        full = n == len(renditions) - 1
        name = (
            "full" if full else SIZE_NAMES[n] if n < len(SIZE_NAMES) else f"{rendition['width']}w"
        )
        sizes[name] = {
            "file": item.filename if full else rendition["url"].rsplit("/", 1)[-1],
            "width": rendition["width"],
            "height": rendition["height"],
            "mime_type": item.mime_type,
            "source_url": absolute(rendition["url"]),
        }
    return sizes


def media_json(item, *, edit=False):
    """A library item as a WordPress attachment. Its caption and description are plain
    text here, so they are escaped into the paragraph WordPress renders them as."""
    caption = f"<p>{escape(item.caption)}</p>\n" if item.caption else ""
    description = f"<p>{escape(item.description)}</p>\n" if item.description else ""
    data = {
        "id": item.pk,
        "date": dates.local(item.uploaded_at),
        "date_gmt": dates.gmt(item.uploaded_at),
        "guid": {"rendered": absolute(item.url)},
        "modified": dates.local(item.uploaded_at),
        "modified_gmt": dates.gmt(item.uploaded_at),
        "slug": item.filename.rsplit(".", 1)[0],
        "status": "inherit",
        "type": "attachment",
        "link": absolute(item.url),
        "title": {"rendered": escape(item.title)},
        "author": item.uploaded_by_id or 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
        "description": {"rendered": description},
        "caption": {"rendered": caption},
        "alt_text": item.alt,
        "media_type": "image" if item.kind == Kind.IMAGE else "file",
        "mime_type": item.mime_type,
        "media_details": {
            "width": item.width or 0,
            "height": item.height or 0,
            "file": item.file.name,
            "filesize": item.size,
            "sizes": media_sizes(item),
        },
        "post": None,
        "source_url": absolute(item.url),
    }
    if edit:
        data["title"]["raw"] = item.title
        data["caption"]["raw"] = item.caption
        data["description"]["raw"] = item.description
    data["_links"] = {
        "self": [{"href": api_url("media-detail", pk=item.pk)}],
        "collection": [{"href": api_url("media-list")}],
    }
    if item.uploaded_by_id:
        data["_links"]["author"] = [
            {"embeddable": True, "href": api_url("user-detail", pk=item.uploaded_by_id)}
        ]
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
        "up": [
            {"embeddable": True, "href": api_url(f"{comment.post.kind}-detail", pk=comment.post_id)}
        ],
    }
    return data
