"""RSS 2.0 and Atom feeds, built on django.contrib.syndication.

Items carry a GUID that never changes (WordPress's `?p=<id>` form), the
author, categories and tags, both dates, the excerpt as summary and, unless
FEED_FULL_CONTENT is off, the full sanitized body with absolute URLs. A
password-protected post gives neither its body nor its excerpt.
"""

import io
from collections import defaultdict

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core import pagecache
from core.site_url import absolute, absolute_urls

from .cachekeys import card_keys
from .models import Category, Post, Tag

ITEMS = 10
PROTECTED = "There is no excerpt because this is a protected post."


class BufferedWrite:
    """The feed's XML written into one string, then into the response at once, rather
    than one response write per element."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class ContentRss(BufferedWrite, Rss201rev2Feed):
    """RSS 2.0 with the full post in <content:encoded>."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ContentAtom(BufferedWrite, Atom1Feed):
    """Atom with the full post in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class SiteFeed(Feed):
    """A feed whose links all start with SITE_URL, whatever host the request named.

    Subclasses return absolute links from `link` and `item_link`, the feed's own
    page-cache keys from `list_keys` and each item's as `page_keys` in
    `item_extra_kwargs`.
    """

    item_guid_is_permalink = False

    def list_keys(self, obj):
        return ()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute(request.path)
        items = [key for item in feed.items for key in item.get("page_keys", ())]
        pagecache.shows(request, *self.list_keys(obj), *items)
        return feed


class PostsFeed(SiteFeed):
    """The site's latest posts; subclasses narrow the posts and name the feed."""

    feed_type = ContentRss
    description_template = None

    def title(self, obj=None):
        return settings.BLOG_TITLE

    def description(self, obj=None):
        return settings.BLOG_TAGLINE

    def link(self, obj=None):
        return absolute(reverse("posts:home"))

    def posts(self, obj):
        return Post.objects.published()

    def items(self, obj=None):
        posts = list(
            self.posts(obj)
            .select_related("author", "featured_image")
            .order_by("-published_at", "-pk")[:ITEMS]
        )
        with_terms(posts)
        return posts

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return absolute(post.get_absolute_url())

    def item_guid(self, post):
        return absolute(f"/?p={post.wp_id or post.pk}")

    def item_description(self, post):
        return PROTECTED if post.password else post.excerpt

    def item_author_name(self, post):
        return post.author.get_full_name() or post.author.get_username()

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return max(post.updated, post.published_at)

    def item_categories(self, post):
        return [name for _, name in post.feed_categories + post.feed_tags]

    def item_enclosures(self, post):
        from django.utils.feedgenerator import Enclosure

        image = post.featured_image
        if post.password or image is None:
            return []
        return [Enclosure(absolute(image.url), str(image.size), image.mime_type)]

    def list_keys(self, obj):
        return ["feed"]

    def item_extra_kwargs(self, post):
        keys = [
            *card_keys(post),
            *(f"category:{pk}" for pk, _ in post.feed_categories),
            *(f"tag:{pk}" for pk, _ in post.feed_tags),
        ]
        if post.password or not settings.FEED_FULL_CONTENT:
            return {"page_keys": keys}
        return {"page_keys": keys, "content": absolute_urls(post.body_html)}


def with_terms(posts):
    """Each post's categories and tags as (id, name) pairs, in their own order, in two
    queries of rows for the whole feed: `post.feed_categories`, `post.feed_tags`."""
    ids = [post.pk for post in posts]
    for attribute, links, term, model in (
        ("feed_categories", Post.categories.through, "category", Category),
        ("feed_tags", Post.tags.through, "tag", Tag),
    ):
        rows = links.objects.filter(post_id__in=ids).order_by(
            *(f"{term}__{field}" for field in model._meta.ordering)
        )
        terms = defaultdict(list)
        for post_id, pk, name in rows.values_list("post_id", f"{term}_id", f"{term}__name"):
            terms[post_id].append((pk, name))
        for post in posts:
            setattr(post, attribute, terms[post.pk])


class AtomPostsFeed(PostsFeed):
    feed_type = ContentAtom
    subtitle = PostsFeed.description


class CategoryFeed(PostsFeed):
    def get_object(self, request, path):
        return get_object_or_404(Category, path=path)

    def title(self, category):
        return f"{settings.BLOG_TITLE} » {category.name}"

    def link(self, category):
        return absolute(category.get_absolute_url())

    def posts(self, category):
        return Post.objects.published().in_category(category)

    def list_keys(self, category):
        return [f"category:{category.pk}"]


class TagFeed(PostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{settings.BLOG_TITLE} » {tag.name}"

    def link(self, tag):
        return absolute(tag.get_absolute_url())

    def posts(self, tag):
        return Post.objects.published().filter(tags=tag)

    def list_keys(self, tag):
        return [f"tag:{tag.pk}"]


class AuthorFeed(PostsFeed):
    def get_object(self, request, username):
        return get_object_or_404(Post.objects.published().authors(), username=username)

    def title(self, author):
        return f"{settings.BLOG_TITLE} » Posts by {author.get_full_name() or author.username}"

    def link(self, author):
        return absolute(reverse("posts:author", kwargs={"username": author.username}))

    def posts(self, author):
        return Post.objects.published().filter(author=author)

    def list_keys(self, author):
        return [f"author:{author.pk}", f"user:{author.pk}"]
