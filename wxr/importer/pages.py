"""Pages: WordPress pages become flat pages at their nested address.

A page's address is its slug under its parents' slugs, so pages are created after the
last item, when every parent is known. Only published pages without a password go on
the site; the others are kept off it for an editor to publish. Flat pages take no
comments, so a page's comments are counted and skipped.
"""

from dataclasses import dataclass
from urllib.parse import unquote

from django.contrib.flatpages.models import FlatPage
from django.utils.text import slugify

from core.sanitize import plain_text
from posts.models import Post

from ..content import render_post


@dataclass
class PageRecord:
    """A page read from the file, waiting for the end, when its parents are all known."""

    wp_id: int | None
    parent: int
    slug: str
    title: str
    content: str
    status: str
    password: str
    link: str


class PagesMixin:
    """Keeps the pages read so far and `page_urls`, the flat pages' addresses here."""

    def _start_pages(self):
        self.page_urls = set(FlatPage.objects.values_list("url", flat=True))
        self._pages = []

    def _page(self, item):
        status, reason = self._status(item, "pages")
        if reason:
            self.summary.skip("pages", reason)
            return
        body, _ = render_post(item.content)
        slug = (
            slugify(unquote(item.post_name), allow_unicode=True)
            or slugify(plain_text(item.title), allow_unicode=True)
            or f"page-{item.wp_id or len(self._pages) + 1}"
        )
        self._pages.append(
            PageRecord(
                wp_id=item.wp_id,
                parent=item.post_parent,
                slug=slug,
                title=plain_text(item.title)[:200] or slug,
                content=body,
                status=status,
                password=item.password,
                link=item.link,
            )
        )
        if item.comments:
            self.summary.skip("comments", "on pages (static pages take no comments)")

    def _create_pages(self):
        by_id = {page.wp_id: page for page in self._pages if page.wp_id}
        urls_this_run = set()
        for page in self._pages:
            segments, current, seen = [page.slug], page, {page.wp_id}
            while current.parent:
                parent = by_id.get(current.parent)
                if parent is None:
                    self.summary.warn(
                        "Pages whose parent page is not in the file were put at the top"
                    )
                    break
                if parent.wp_id in seen:
                    self.summary.warn("Pages whose parents loop back to them were put at the top")
                    break
                seen.add(parent.wp_id)
                segments.append(parent.slug)
                current = parent
            url = "/" + "/".join(reversed(segments)) + "/"
            if len(url) > 100:
                self.summary.skip("pages", "with an address longer than 100 characters")
                continue
            if url in self.page_urls:
                reason = "repeated in the file" if url in urls_this_run else "already imported"
                self.summary.skip("pages", f"{reason} (a page exists at that address)")
                continue
            page_object = FlatPage.objects.create(url=url, title=page.title, content=page.content)
            published = page.status == Post.Status.PUBLISHED and not page.password
            if published:
                page_object.sites.add(self.site)
            else:
                self.summary.warn(
                    "Unpublished or password-protected pages were kept off the site "
                    "(add the site to a page in the admin to publish it)"
                )
            self.page_urls.add(url)
            urls_this_run.add(url)
            self.summary.add("pages", "published" if published else "not published")
            if page.wp_id:
                self._add_redirect(f"/?page_id={page.wp_id}", url)
                self._add_redirect(f"/?p={page.wp_id}", url)
            self._add_redirect(page.link, url, skip=f"/?page_id={page.wp_id}")
