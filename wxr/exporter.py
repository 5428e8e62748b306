"""Write the blog as WXR 1.2, the format WordPress's own importer reads.

The output follows `wp-admin/includes/export.php`: channel, authors, categories
(parents before children), tags, navigation menus and post formats as `<wp:term>`s,
then one `<item>` per post, page, menu item (`nav_menu_item`) and attachment, with
each post's comments inside it. A body written in blocks goes out as it is stored, so
WordPress gets the same blocks; any other body, already HTML here, goes out as one
"Custom HTML" block, so that neither WordPress nor this importer adds paragraphs to
it again. Text goes in CDATA sections, with `]]>`
split the way WordPress splits it, and characters XML 1.0 cannot carry are
dropped. Posts are read in chunks, so memory stays flat for any blog size.

WordPress ids are unique across posts, pages and attachments. Imported rows keep
their WordPress ids; everything else gets an id above the largest of those, so
that links between items (featured images, page parents) hold.
"""

import re
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.text import slugify

from comments.models import Comment
from core.site_url import site_url as blog_site_url
from library.models import MediaItem
from posts.models import Attachment, Category, Menu, MenuItem, Page, Post, Tag

from .content import exported_body
from .statuses import COMMENT_STATUS_TO_WP, POST_STATUS_TO_WP, wp_post_status

WXR_VERSION = "1.2"
FORMAT_PREFIX = "post-format-"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CHUNK = 200


def cdata(text):
    """WordPress's wxr_cdata(): a CDATA section, `]]>` split across two."""
    text = NOT_XML.sub("", "" if text is None else str(text))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def plain(text):
    return escape(NOT_XML.sub("", "" if text is None else str(text)))


def wp_date(moment, *, utc):
    if moment is None:
        return "0000-00-00 00:00:00"
    moment = moment.astimezone(timezone.UTC) if utc else timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def rfc822(moment):
    return moment.astimezone(timezone.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def html_text(text):
    """A title or term name as WordPress stores it: HTML, so `&` and `<` are escaped."""
    return escape(text or "")


class Ids:
    """WordPress ids for everything exported: kept where imported, above them otherwise."""

    def __init__(self):
        def largest(queryset, field="pk"):
            return queryset.aggregate(n=Max(field))["n"] or 0

        base = max(largest(Post.entries, "wp_id"), largest(Attachment.objects, "wp_id"))
        self.posts_base = base
        self.attachments_base = self.posts_base + largest(Post.entries)
        self.media_base = self.attachments_base + largest(Attachment.objects)
        self.pages_base = self.media_base + largest(MediaItem.objects)
        self.menu_items_base = self.pages_base + largest(Post.entries)
        self.comments_base = largest(Comment.objects, "wp_id")
        self.tags_base = largest(Category.objects)
        self.menus_base = self.tags_base + largest(Tag.objects)
        self.formats_base = self.menus_base + largest(Menu.objects)

    def post(self, post):
        return post.wp_id or self.posts_base + post.pk

    def attachment(self, attachment):
        return attachment.wp_id or self.attachments_base + attachment.pk

    def media_item(self, item_pk):
        """The attachment standing for a file in this site's media library."""
        return self.media_base + item_pk

    def page(self, page):
        return page.wp_id or self.pages_base + page.pk

    def comment(self, comment_id, wp_id):
        return wp_id or self.comments_base + comment_id

    def tag(self, tag_pk):
        return self.tags_base + tag_pk

    def menu(self, menu_pk):
        return self.menus_base + menu_pk

    def format_term(self, number):
        return self.formats_base + number

    def menu_item(self, item_pk):
        return self.menu_items_base + item_pk


class Exporter:
    """`write(out)` writes the whole site to a text stream."""

    def __init__(self, *, site_url=None):
        self.site_url = (site_url or blog_site_url()).rstrip("/")
        self.ids = Ids()
        # Library items that are an imported attachment's file → that attachment's id.
        self.copied = {
            attachment.media_item_id: self.ids.attachment(attachment)
            for attachment in Attachment.objects.exclude(media_item=None).only(
                "pk", "wp_id", "media_item"
            )
        }

    def absolute(self, path):
        return path if re.match(r"https?://", path) else self.site_url + path

    def write(self, out):
        self.out = out
        self._header()
        self._authors()
        self._terms()
        self._posts()
        self._pages()
        self._menu_items()
        self._attachments()
        out.write("</channel>\n</rss>\n")

    def _line(self, indent, text):
        self.out.write("\t" * indent + text + "\n")

    def _element(self, indent, name, value, *, raw=False):
        self._line(indent, f"<{name}>{value if raw else plain(value)}</{name}>")

    def _header(self):
        now = timezone.now()
        self.out.write('<?xml version="1.0" encoding="UTF-8" ?>\n')
        self.out.write(
            "<!-- This is a WordPress eXtended RSS file generated by blogsite as an export "
            "of the site. -->\n"
            f'<!-- generator="blogsite" created="{wp_date(now, utc=True)}" -->\n'
        )
        self.out.write('<rss version="2.0"\n')
        for prefix, uri in NAMESPACES.items():
            self.out.write(f'\txmlns:{prefix}="{uri}"\n')
        self.out.write(">\n\n<channel>\n")
        site = Site.objects.get_current()
        self._element(1, "title", settings.BLOG_TITLE or site.name)
        self._element(1, "link", self.site_url)
        self._element(1, "description", settings.BLOG_TAGLINE)
        self._element(1, "pubDate", rfc822(now))
        self._element(1, "language", settings.LANGUAGE_CODE)
        self._element(1, "wp:wxr_version", WXR_VERSION)
        self._element(1, "wp:base_site_url", self.site_url)
        self._element(1, "wp:base_blog_url", self.site_url)
        self.out.write("\n")

    def _authors(self):
        authors = get_user_model().objects.filter(posts__isnull=False).distinct().order_by("pk")
        for user in authors:
            self._line(1, "<wp:author>")
            self._element(2, "wp:author_id", user.pk)
            self._element(2, "wp:author_login", cdata(user.username), raw=True)
            self._element(2, "wp:author_email", cdata(user.email), raw=True)
            display = user.get_full_name() or user.username
            self._element(2, "wp:author_display_name", cdata(display), raw=True)
            self._element(2, "wp:author_first_name", cdata(user.first_name), raw=True)
            self._element(2, "wp:author_last_name", cdata(user.last_name), raw=True)
            self._line(1, "</wp:author>")
        self.out.write("\n")

    def _terms(self):
        # Ordered by path: a parent ("a") always sorts before its children ("a/b").
        for category in Category.objects.select_related("parent").order_by("path"):
            self._line(1, "<wp:category>")
            self._element(2, "wp:term_id", category.pk)
            self._element(2, "wp:category_nicename", cdata(category.slug), raw=True)
            parent = category.parent.slug if category.parent else ""
            self._element(2, "wp:category_parent", cdata(parent), raw=True)
            self._element(2, "wp:cat_name", cdata(html_text(category.name)), raw=True)
            if category.description:
                self._element(2, "wp:category_description", cdata(category.description), raw=True)
            self._line(1, "</wp:category>")
        for tag in Tag.objects.order_by("pk"):
            self._line(1, "<wp:tag>")
            self._element(2, "wp:term_id", self.ids.tag(tag.pk))
            self._element(2, "wp:tag_slug", cdata(tag.slug), raw=True)
            self._element(2, "wp:tag_name", cdata(html_text(tag.name)), raw=True)
            self._line(1, "</wp:tag>")
        self.menus = list(Menu.objects.order_by("pk"))
        for menu in self.menus:
            self._term(self.ids.menu(menu.pk), "nav_menu", menu_slug(menu), menu.name)
        formats = Post.objects.exclude(format=Post.Format.STANDARD).values_list("format", flat=True)
        for number, value in enumerate(sorted(set(formats)), start=1):
            label = Post.Format(value).label
            self._term(self.ids.format_term(number), "post_format", FORMAT_PREFIX + value, label)
        locations = {menu.location: self.ids.menu(menu.pk) for menu in self.menus if menu.location}
        if locations:
            self._element(1, "wp:nav_menu_locations", cdata(php_int_array(locations)), raw=True)
        self.out.write("\n")

    def _term(self, term_id, taxonomy, slug, name):
        """A `<wp:term>`, as WordPress writes the terms of taxonomies other than the two."""
        self._line(1, "<wp:term>")
        self._element(2, "wp:term_id", term_id)
        self._element(2, "wp:term_taxonomy", cdata(taxonomy), raw=True)
        self._element(2, "wp:term_slug", cdata(slug), raw=True)
        self._element(2, "wp:term_name", cdata(html_text(name)), raw=True)
        self._line(1, "</wp:term>")

    def _posts(self):
        comments = Comment.objects.select_related("parent").order_by("created", "pk")
        posts = (
            Post.objects.select_related("author", "featured_attachment")
            .prefetch_related("categories", "tags", Prefetch("comments", queryset=comments))
            .order_by("pk")
        )
        for post in posts.iterator(chunk_size=CHUNK):
            self._post(post)

    def _post(self, post):
        post_id = self.ids.post(post)
        status = wp_post_status(post.status, scheduled=post.is_scheduled)
        self._line(1, "<item>")
        self._element(2, "title", cdata(html_text(post.title)), raw=True)
        self._element(2, "link", self.absolute(post.get_absolute_url()))
        self._element(2, "pubDate", rfc822(post.published_at))
        self._element(2, "dc:creator", cdata(post.author.username), raw=True)
        guid = post.wp_guid or f"{self.site_url}/?p={post_id}"
        self._line(2, f'<guid isPermaLink="false">{plain(guid)}</guid>')
        self._element(2, "description", "")
        self._element(2, "content:encoded", cdata(exported_body(post.body)), raw=True)
        self._element(2, "excerpt:encoded", cdata(html_text(post.excerpt)), raw=True)
        self._element(2, "wp:post_id", post_id)
        self._element(2, "wp:post_date", cdata(wp_date(post.published_at, utc=False)), raw=True)
        gmt = wp_date(post.published_at, utc=True)
        self._element(2, "wp:post_date_gmt", cdata(gmt), raw=True)
        self._element(2, "wp:post_modified", cdata(wp_date(post.updated, utc=False)), raw=True)
        modified_gmt = wp_date(post.updated, utc=True)
        self._element(2, "wp:post_modified_gmt", cdata(modified_gmt), raw=True)
        self._element(2, "wp:comment_status", cdata(_open(post.comments_open)), raw=True)
        self._element(2, "wp:ping_status", cdata(_open(post.pings_open)), raw=True)
        self._element(2, "wp:post_name", cdata(post.slug), raw=True)
        self._element(2, "wp:status", cdata(status), raw=True)
        self._element(2, "wp:post_parent", 0)
        self._element(2, "wp:menu_order", 0)
        self._element(2, "wp:post_type", cdata("post"), raw=True)
        self._element(2, "wp:post_password", cdata(post.password), raw=True)
        self._element(2, "wp:is_sticky", int(post.sticky))
        for category in post.categories.all():
            self._term_use("category", category.slug, category.name)
        for tag in post.tags.all():
            self._term_use("post_tag", tag.slug, tag.name)
        if post.format != Post.Format.STANDARD:
            self._term_use("post_format", FORMAT_PREFIX + post.format, post.get_format_display())
        thumbnail = self._thumbnail_id(post)
        if thumbnail:
            self._meta(2, "_thumbnail_id", thumbnail)
        for comment in post.comments.all():
            self._comment(comment)
        self._line(1, "</item>")

    def _thumbnail_id(self, post):
        if post.featured_image_id in self.copied:
            return self.copied[post.featured_image_id]
        if post.featured_image_id:
            return self.ids.media_item(post.featured_image_id)
        if post.featured_attachment:
            return self.ids.attachment(post.featured_attachment)
        return None

    def _term_use(self, domain, slug, name):
        self._line(
            2,
            f"<category domain={quoteattr(domain)} nicename={quoteattr(slug)}>"
            f"{cdata(html_text(name))}</category>",
        )

    def _meta(self, indent, key, value, element="wp:postmeta"):
        self._line(indent, f"<{element}>")
        self._element(indent + 1, "wp:meta_key", cdata(key), raw=True)
        self._element(indent + 1, "wp:meta_value", cdata(value), raw=True)
        self._line(indent, f"</{element}>")

    def _comment(self, comment):
        self._line(2, "<wp:comment>")
        self._element(3, "wp:comment_id", self.ids.comment(comment.pk, comment.wp_id))
        self._element(3, "wp:comment_author", cdata(comment.author_name), raw=True)
        self._element(3, "wp:comment_author_email", cdata(comment.author_email), raw=True)
        self._element(3, "wp:comment_author_url", comment.author_url)
        self._element(3, "wp:comment_author_IP", cdata(comment.ip or ""), raw=True)
        self._element(3, "wp:comment_date", cdata(wp_date(comment.created, utc=False)), raw=True)
        gmt = wp_date(comment.created, utc=True)
        self._element(3, "wp:comment_date_gmt", cdata(gmt), raw=True)
        self._element(3, "wp:comment_content", cdata(comment.body), raw=True)
        approved = COMMENT_STATUS_TO_WP[comment.status]
        self._element(3, "wp:comment_approved", cdata(approved), raw=True)
        self._element(3, "wp:comment_type", cdata(comment.kind), raw=True)
        parent = comment.parent
        parent_id = self.ids.comment(parent.pk, parent.wp_id) if parent else 0
        self._element(3, "wp:comment_parent", parent_id)
        self._element(3, "wp:comment_user_id", comment.user_id or 0)
        self._line(2, "</wp:comment>")

    def _pages(self):
        comments = Comment.objects.select_related("parent").order_by("created", "pk")
        pages = list(
            Page.objects.select_related("author")
            .prefetch_related(Prefetch("comments", queryset=comments))
            .order_by("path")
        )
        by_pk = {page.pk: page for page in pages}
        for page in pages:
            parent = by_pk.get(page.parent_id)
            page_id = self.ids.page(page)
            self._line(1, "<item>")
            self._element(2, "title", cdata(html_text(page.title)), raw=True)
            self._element(2, "link", self.absolute(page.get_absolute_url()))
            self._element(2, "pubDate", rfc822(page.published_at))
            self._element(2, "dc:creator", cdata(page.author.get_username()), raw=True)
            guid = f"{self.site_url}/?page_id={page_id}"
            self._line(2, f'<guid isPermaLink="false">{plain(guid)}</guid>')
            self._element(2, "description", "")
            self._element(2, "content:encoded", cdata(exported_body(page.body)), raw=True)
            self._element(2, "excerpt:encoded", cdata(""), raw=True)
            self._element(2, "wp:post_id", page_id)
            self._element(2, "wp:comment_status", cdata(_open(page.comments_open)), raw=True)
            self._element(2, "wp:ping_status", cdata("closed"), raw=True)
            self._element(2, "wp:post_name", cdata(page.slug), raw=True)
            status = POST_STATUS_TO_WP[
                Post.Status.PUBLISHED if page.is_published else Post.Status.DRAFT
            ]
            self._element(2, "wp:status", cdata(status), raw=True)
            self._element(2, "wp:post_parent", self.ids.page(parent) if parent else 0)
            self._element(2, "wp:menu_order", page.menu_order)
            self._element(2, "wp:post_type", cdata("page"), raw=True)
            self._element(2, "wp:post_password", cdata(""), raw=True)
            self._element(2, "wp:is_sticky", 0)
            for comment in page.comments.all():
                self._comment(comment)
            self._line(1, "</item>")

    def _menu_items(self):
        """Each menu's items as WordPress writes them: `nav_menu_item` posts numbered in
        the menu's order (`menu_order`, depth first), pointing at their targets by the
        ids this export gives them."""
        items = list(
            MenuItem.objects.select_related("page", "post", "category", "tag").order_by(
                "menu_id", "order", "pk"
            )
        )
        children = {}
        for item in items:
            children.setdefault((item.menu_id, item.parent_id), []).append(item)
        now = timezone.now()
        for menu in self.menus:
            order = 0
            stack = list(reversed(children.get((menu.pk, None), [])))
            while stack:
                item = stack.pop()
                order += 1
                self._menu_item(menu, item, order, now)
                stack += reversed(children.get((menu.pk, item.pk), []))

    def _menu_item(self, menu, item, order, now):
        item_id = self.ids.menu_item(item.pk)
        if item.page_id:
            kind, obj, object_id, url = "post_type", "page", self.ids.page(item.page), ""
        elif item.post_id:
            kind, obj, object_id, url = "post_type", "post", self.ids.post(item.post), ""
        elif item.category_id:
            kind, obj, object_id, url = "taxonomy", "category", item.category_id, ""
        elif item.tag_id:
            kind, obj, object_id, url = "taxonomy", "post_tag", self.ids.tag(item.tag_id), ""
        else:
            kind, obj, object_id, url = "custom", "custom", item_id, self.absolute(item.url)
        self._line(1, "<item>")
        self._element(2, "title", cdata(html_text(item.label)), raw=True)
        self._element(2, "link", f"{self.site_url}/?p={item_id}")
        self._element(2, "pubDate", rfc822(now))
        self._element(2, "dc:creator", cdata(""), raw=True)
        self._line(2, f'<guid isPermaLink="false">{plain(self.site_url)}/?p={item_id}</guid>')
        self._element(2, "description", "")
        self._element(2, "content:encoded", cdata(""), raw=True)
        self._element(2, "excerpt:encoded", cdata(""), raw=True)
        self._element(2, "wp:post_id", item_id)
        for name, utc in (("wp:post_date", False), ("wp:post_date_gmt", True)):
            self._element(2, name, cdata(wp_date(now, utc=utc)), raw=True)
        self._element(2, "wp:comment_status", cdata("closed"), raw=True)
        self._element(2, "wp:ping_status", cdata("closed"), raw=True)
        self._element(2, "wp:post_name", cdata(str(item_id)), raw=True)
        self._element(2, "wp:status", cdata("publish"), raw=True)
        self._element(2, "wp:post_parent", 0)
        self._element(2, "wp:menu_order", order)
        self._element(2, "wp:post_type", cdata("nav_menu_item"), raw=True)
        self._element(2, "wp:post_password", cdata(""), raw=True)
        self._element(2, "wp:is_sticky", 0)
        self._term_use("nav_menu", menu_slug(menu), menu.name)
        parent = self.ids.menu_item(item.parent_id) if item.parent_id else 0
        for key, value in (
            ("_menu_item_type", kind),
            ("_menu_item_menu_item_parent", parent),
            ("_menu_item_object_id", object_id),
            ("_menu_item_object", obj),
            ("_menu_item_target", ""),
            ("_menu_item_classes", 'a:1:{i:0;s:0:"";}'),
            ("_menu_item_xfn", ""),
            ("_menu_item_url", url),
        ):
            self._meta(2, key, value)
        self._line(1, "</item>")

    def _attachments(self):
        """Each file once: an attachment whose file the import copied into the library
        goes out as one item, with its WordPress id and the library copy's address."""
        for attachment in Attachment.objects.select_related("post", "media_item").order_by("pk"):
            copy = attachment.media_item
            self._attachment(
                self.ids.attachment(attachment),
                attachment.title,
                self.absolute(copy.url) if copy else attachment.url,
                self.ids.post(attachment.post) if attachment.post else 0,
                alt=attachment.alt,
                caption=attachment.caption,
            )
        # An item's parent is a post it is the featured image of, as WordPress records it.
        parents = {
            post.featured_image_id: self.ids.post(post)
            for post in Post.objects.exclude(featured_image=None).only(
                "pk", "wp_id", "featured_image"
            )
        }
        items = MediaItem.objects.exclude(pk__in=self.copied).order_by("pk")
        for item in items.iterator(chunk_size=CHUNK):
            self._attachment(
                self.ids.media_item(item.pk),
                item.title,
                self.absolute(item.url),
                parents.get(item.pk, 0),
                alt=item.alt,
                caption=item.caption,
            )

    def _attachment(self, attachment_id, title, url, parent_id, *, alt="", caption=""):
        self._line(1, "<item>")
        self._element(2, "title", cdata(html_text(title)), raw=True)
        self._element(2, "link", url)
        self._line(2, f'<guid isPermaLink="false">{plain(url)}</guid>')
        self._element(2, "description", "")
        self._element(2, "content:encoded", cdata(""), raw=True)
        self._element(2, "excerpt:encoded", cdata(caption), raw=True)
        self._element(2, "wp:post_id", attachment_id)
        self._element(2, "wp:comment_status", cdata("closed"), raw=True)
        self._element(2, "wp:ping_status", cdata("closed"), raw=True)
        self._element(2, "wp:status", cdata("inherit"), raw=True)
        self._element(2, "wp:post_parent", parent_id)
        self._element(2, "wp:menu_order", 0)
        self._element(2, "wp:post_type", cdata("attachment"), raw=True)
        self._element(2, "wp:attachment_url", cdata(url), raw=True)
        if alt:
            self._meta(2, "_wp_attachment_image_alt", alt)
        self._line(1, "</item>")


def _open(flag):
    return "open" if flag else "closed"


def menu_slug(menu):
    return slugify(menu.name) or f"menu-{menu.pk}"


def php_int_array(mapping):
    """{name: number} as PHP's serialize() writes it, as themes keep `nav_menu_locations`."""
    entries = "".join(f's:{len(k.encode())}:"{k}";i:{v};' for k, v in mapping.items())
    return f"a:{len(mapping)}:{{{entries}}}"
