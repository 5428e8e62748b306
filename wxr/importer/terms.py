"""Categories and tags: those the file defines and those only named on its items.

Categories are matched by nicename and nested as the file says, parents first whatever
order they come in; tags are matched by slug. A term's slug is derived the same way
every time, so a second run finds what the first one made. An item's `post_format`
term (`post-format-quote`) is its format; the channel's list of formats is WordPress's
fixed vocabulary and needs nothing. Navigation menus are the `menus` module's. Other
taxonomies are counted and skipped: this blog has only categories and tags.
"""

import html
from collections import Counter
from urllib.parse import unquote

from django.utils.text import slugify

from posts.models import RESERVED_SLUGS, Category, Post, Tag

TAG_DOMAINS = {"post_tag", "tag"}
FORMAT_PREFIX = "post-format-"


def term_slug(nicename, name, max_length):
    """A URL-safe slug for a WordPress term; the same input always gives the same slug."""
    slug = slugify(unquote(nicename or ""), allow_unicode=True) or slugify(
        html.unescape(name or ""), allow_unicode=True
    )
    slug = slug[:max_length].strip("-")
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-term"
    return slug


class TermsMixin:
    """Keeps `categories` and `tags` (slug → pk, here before or made now), which of them
    this run made, and the file's term definitions not yet written."""

    def _start_terms(self):
        self.categories = dict(Category.objects.values_list("slug", "pk"))
        self.tags = dict(Tag.objects.values_list("slug", "pk"))
        self._new_tags = set()
        self.new_categories = {}
        self._pending_terms = []
        self._custom_taxonomies = Counter()
        self._skipped_terms = set()
        self.terms_by_id = {}  # the file's term ids → ("category" or "tag", pk), for menus

    def _term(self, term):
        """Held until the next item or the end: a category may name a parent defined after it."""
        self._pending_terms.append(term)

    def _flush_terms(self):
        if not self._pending_terms:
            return
        terms, self._pending_terms = self._pending_terms, []
        categories = [t for t in terms if t.taxonomy == "category"]
        for term in terms:
            if term.taxonomy in TAG_DOMAINS:
                self._term_id(term, "tag", self._tag(term.slug, term.name, defined=True))
            elif term.taxonomy == "nav_menu":
                self._menu_term(term)
            elif term.taxonomy not in {"category", "post_format"}:
                self._custom_taxonomy(term.taxonomy, term.slug or term.name)
        # Parents first, whatever order the file has them in.
        by_slug = {term_slug(t.slug, t.name, 200): t for t in categories}
        placed = set()
        while categories:
            ready = [
                t
                for t in categories
                if not t.parent
                or term_slug(t.parent, "", 200) in placed
                or term_slug(t.parent, "", 200) not in by_slug
            ]
            if not ready:  # a loop of parents: break it at the first one
                ready = categories[:1]
                self.summary.warn(f"Category {ready[0].slug!r} is its own ancestor; put at the top")
                ready[0].parent = ""
            for term in ready:
                pk = self._category(
                    term.slug, term.name, term.parent, term.description, defined=True
                )
                self._term_id(term, "category", pk)
                placed.add(term_slug(term.slug, term.name, 200))
            categories = [t for t in categories if t not in ready]

    def _term_id(self, term, kind, pk):
        if term.term_id and pk:
            self.terms_by_id[term.term_id] = (kind, pk)

    def _category(self, nicename, name, parent="", description="", *, defined=False):
        slug = term_slug(nicename, name, 200)
        if not slug:
            self.summary.skip("categories", "with neither a nicename nor a name")
            return None
        if slug in self.categories and slug not in self.new_categories:
            if defined:
                self._skip_term(
                    "categories", "category", slug, "already here (matched by nicename)"
                )
            return self.categories[slug]
        parent_pk = None
        if parent:
            parent_slug = term_slug(parent, "", 200)
            parent_pk = self.categories.get(parent_slug)
            if parent_pk is None:
                self.summary.warn(f"Parent category {parent!r} of {nicename!r} is not in the file")
        if slug in self.new_categories:
            # Named on an item before its definition: the definition fills it in.
            if defined:
                Category.objects.filter(pk=self.categories[slug]).update(description=description)
                if parent_pk:
                    category = Category.objects.get(pk=self.categories[slug])
                    category.parent_id = parent_pk
                    category.save()
            return self.categories[slug]
        category = Category(
            name=html.unescape(name or nicename)[:200],
            slug=slug,
            parent_id=parent_pk,
            description=description,
        )
        category.save()
        self.categories[slug] = category.pk
        self.new_categories[slug] = category.pk
        self.summary.add("categories")
        return category.pk

    def _tag(self, slug_text, name, *, defined=False):
        slug = term_slug(slug_text, name, 100)
        if not slug:
            self.summary.skip("tags", "with neither a slug nor a name")
            return None
        if slug in self.tags:
            if defined and slug not in self._new_tags:
                self._skip_term("tags", "post_tag", slug, "already here (matched by slug)")
            return self.tags[slug]
        tag = Tag(name=html.unescape(name or slug_text)[:100], slug=slug)
        tag.save()
        self.tags[slug] = tag.pk
        self._new_tags.add(slug)
        self.summary.add("tags")
        return tag.pk

    def _skip_term(self, kind, taxonomy, slug, reason):
        """Count a skipped term once, however often the file lists it (WordPress 7.1
        lists each term twice in the channel)."""
        if (taxonomy, slug) in self._skipped_terms:
            return
        self._skipped_terms.add((taxonomy, slug))
        self.summary.skip(kind, reason)

    def _custom_taxonomy(self, taxonomy, slug):
        if not self._custom_taxonomies[taxonomy]:
            self.summary.warn(
                f"Custom taxonomy {taxonomy!r} is not supported: its terms were skipped"
            )
        self._custom_taxonomies[taxonomy] += 1
        self._skip_term("terms", taxonomy, slug, f"of the custom taxonomy {taxonomy!r}")

    def _item_terms(self, item):
        """(category pks, tag pks, post format) of an item."""
        category_ids, tag_ids, post_format = [], [], Post.Format.STANDARD
        for term in item.terms:
            if term.domain == "category":
                pk = self._category(term.nicename, term.name)
                if pk and pk not in category_ids:
                    category_ids.append(pk)
            elif term.domain in TAG_DOMAINS:
                pk = self._tag(term.nicename, term.name)
                if pk and pk not in tag_ids:
                    tag_ids.append(pk)
            elif term.domain == "post_format":
                post_format = self._format(term.nicename or term.name)
            elif term.domain != "nav_menu":
                self._custom_taxonomy(term.domain, term.nicename or term.name)
        return category_ids, tag_ids, post_format

    def _format(self, slug):
        name = slug.strip().lower().removeprefix(FORMAT_PREFIX)
        if name not in Post.Format.values:
            self.summary.warn(f"Unknown post format {slug!r}: imported as standard")
            return Post.Format.STANDARD
        return name

    def _default_category(self):
        slug = Category.DEFAULT_SLUG
        if slug not in self.categories:
            self.categories[slug] = Category.default().pk
        return self.categories[slug]
