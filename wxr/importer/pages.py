"""Pages: WordPress pages become pages (`posts.models.Page`) at their nested address.

A page's address is its slug under its parents' slugs, so pages are created after the
last item, when every parent is known, parents first. Only published pages without a
password are published; the others are kept as drafts for an editor to publish. A
page keeps its WordPress id, and is the page already here when that id or its address
is; its comments come along, as a post's do, those already here matched and new ones
added on a later run.
"""

from dataclasses import dataclass
from urllib.parse import unquote

from django.utils.text import slugify

from core.sanitize import plain_text
from posts.models import Page, Post

from ..content import render_post
from .posts import Known, moment_of


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
    author: object
    comments_open: bool
    comments: list


class PagesMixin:
    """Keeps the pages read so far and `page_urls`, the pages' addresses here (→ pk)."""

    def _start_pages(self):
        self.page_urls = {f"/{path}/": pk for pk, path in Page.objects.values_list("pk", "path")}
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
                author=self._author_of(item),
                comments_open=item.comment_status.lower() != "closed",
                comments=item.comments,
            )
        )

    def _create_pages(self):
        created = {}
        urls_this_run = set()
        for chain in sorted(self._page_chains(), key=len):
            page = chain[0]
            url = "/" + "/".join(record.slug for record in reversed(chain)) + "/"
            existing = self._existing_page(page, url)
            if existing:
                if page.wp_id:
                    self.file_entries[page.wp_id] = (Post.Kind.PAGE, existing)
                reason = "repeated in the file" if url in urls_this_run else "already imported"
                self.summary.skip("pages", f"{reason} (a page exists at that address)")
                groups = [self._prepare_comments(existing, page.comments, existing=True)]
                self._save_comments(groups)
                continue
            parent_page = created.get(id(chain[1])) if len(chain) > 1 else None
            if len(chain) > 1 and parent_page is None:
                parent_page = Page.objects.filter(path=url.strip("/").rsplit("/", 1)[0]).first()
            published = page.status == Post.Status.PUBLISHED and not page.password
            page_object = Page.objects.create(
                title=page.title,
                slug=page.slug,
                parent=parent_page,
                body=page.content,
                author=page.author,
                status=Post.Status.PUBLISHED if published else Post.Status.DRAFT,
                comments_open=page.comments_open,
                wp_id=self._free_wp_id(page.wp_id, "Pages"),
            )
            created[id(page)] = page_object
            if page.wp_id:
                self.file_entries[page.wp_id] = (Post.Kind.PAGE, page_object.pk)
            if page_object.wp_id:
                moment = moment_of(page_object.title, page_object.published_at)
                self.posts_by_wp_id[page_object.wp_id] = Known(
                    page_object.pk, Post.Kind.PAGE, "", moment
                )
            self._save_comments([self._prepare_comments(page_object.pk, page.comments)])
            url = page_object.get_absolute_url()
            if not published:
                self.summary.warn(
                    "Unpublished or password-protected pages were kept as drafts "
                    "(publish them in the admin under Pages)"
                )
            self.page_urls[url] = page_object.pk
            urls_this_run.add(url)
            self.summary.add("pages", "published" if published else "not published")
            if page.wp_id:
                self._add_redirect(f"/?page_id={page.wp_id}", url)
                self._add_redirect(f"/?p={page.wp_id}", url)
            self._add_redirect(page.link, url, skip=f"/?page_id={page.wp_id}")

    def _existing_page(self, page, url):
        """The pk of the page this record is: the one with its WordPress id, else the one
        at its address."""
        known = self.posts_by_wp_id.get(page.wp_id) if page.wp_id else None
        if known is not None and known.kind == Post.Kind.PAGE:
            return known.pk
        return self.page_urls.get(url)

    def _page_chains(self):
        """Each page with its parents up to the top, in file order."""
        by_id = {page.wp_id: page for page in self._pages if page.wp_id}
        for page in self._pages:
            chain, current, seen = [page], page, {page.wp_id}
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
                chain.append(parent)
                current = parent
            yield chain
