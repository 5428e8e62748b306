"""Reader pages: thin class-based views over `Post.objects.published()`."""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.encoding import escape_uri_path
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from core import pagecache
from core.pagecache import KeyedPageMixin
from core.params import positive_int
from core.ratelimit import limit_per_address
from library.embeds import allow_frames

from . import protection, related, search
from .cachekeys import card_keys, cards_keys
from .forms import PostPasswordForm
from .models import Category, Page, Post, Tag
from .pagination import DeepPagesPaginator, DistinctPostsPaginator, PageURLMixin


class PublishedPostsMixin(KeyedPageMixin, PageURLMixin):
    """Published posts as cards, ten a page, with /page/N/ URLs; the page shows its
    list (`list_keys`) and each card."""

    model = Post
    paginate_by = 10
    paginator_class = DeepPagesPaginator
    allow_empty = True

    def get_queryset(self):
        return Post.objects.published().for_cards()

    def list_keys(self):
        return ["home"]

    def page_keys(self, context):
        return [*self.list_keys(), *cards_keys(context["object_list"])]

    def get_paginator(self, queryset, per_page, **kwargs):
        """The list's length is counted once per change of the list (`list_keys`), not
        on every page of it for every reader."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        lists = tuple(sorted((k, str(v)) for k, v in self.kwargs.items() if k != "page"))
        paginator.count = pagecache.for_this_version(
            ("list-length", type(self).__name__, lists),
            lambda: type(paginator).count.func(paginator),
            keys=self.list_keys(),
        )
        return paginator


class HomeView(PublishedPostsMixin, ListView):
    template_name = "posts/home.html"

    def get(self, request, *args, **kwargs):
        if "p" in request.GET:
            return legacy_post_redirect(request.GET["p"])
        if "page_id" in request.GET:
            return imported_redirect(f"/?page_id={positive_int(request.GET['page_id'])}")
        return super().get(request, *args, **kwargs)


def legacy_post_redirect(post_id):
    """`/?p=<id>`, WordPress's plain permalink, moves to the real one.

    Ids a WordPress import brought come first: a post's kept WordPress id, then an
    imported page's (its redirect row); then this blog's own post ids.
    """
    number = positive_int(post_id)
    post = Post.objects.filter(wp_id=number).first() if number else None
    if post is None and number:
        if Redirect.objects.filter(site_id=settings.SITE_ID, old_path=f"/?p={number}").exists():
            return imported_redirect(f"/?p={number}")
        post = Post.objects.filter(pk=number).first()
    if post is None or not Post.objects.published().filter(pk=post.pk).exists():
        raise Http404("No post with this id.")
    return HttpResponsePermanentRedirect(post.get_absolute_url())


def imported_redirect(old_path):
    """An old WordPress address (`/?page_id=<id>`) that an import recorded."""
    old = get_object_or_404(Redirect, site_id=settings.SITE_ID, old_path=old_path)
    return HttpResponsePermanentRedirect(old.new_path)


class CategoryView(PublishedPostsMixin, ListView):
    """A category's posts, including those filed under its descendants."""

    template_name = "posts/category.html"
    paginator_class = DistinctPostsPaginator

    def get_queryset(self):
        self.category = get_object_or_404(Category, path=self.kwargs["path"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        self.ancestors = self.category.ancestors()
        return super().get_context_data(category=self.category, ancestors=self.ancestors, **kwargs)

    def list_keys(self):
        return [f"category:{c.pk}" for c in [*self.ancestors, self.category]]


class TagView(PublishedPostsMixin, ListView):
    template_name = "posts/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def list_keys(self):
        return [f"tag:{self.tag.pk}"]


class AuthorView(PublishedPostsMixin, ListView):
    template_name = "posts/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Post.objects.published().authors(), username=self.kwargs["username"]
        )
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def list_keys(self):
        return [f"author:{self.author.pk}", f"user:{self.author.pk}"]


class ArchiveMixin(PublishedPostsMixin):
    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    template_name = "posts/archive.html"

    def list_keys(self):
        if "month" in self.kwargs:
            return [f"archive:{self.kwargs['year']}-{self.kwargs['month']}"]
        return [f"archive:{self.kwargs['year']}"]


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True


class MonthArchive(ArchiveMixin, MonthArchiveView):
    pass


class DayArchive(ArchiveMixin, DayArchiveView):
    pass


class PasswordProtectedMixin:
    """A password-protected post or page: its password form, posted to its own address,
    unlocks it for this browser session; until then the page shows the form instead."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = PostPasswordForm(request.POST, post=self.object)
        if form.is_valid():
            protection.unlock(request, self.object)
            return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(password_form=form), status=403)

    def protection_context(self):
        locked = not protection.is_unlocked(self.request, self.object)
        return {
            "locked": locked,
            "password_form": PostPasswordForm(post=self.object) if locked else None,
        }


class PostDetailView(PasswordProtectedMixin, KeyedPageMixin, DetailView):
    """A post at its permalink; staff who may edit it can preview it before it is public."""

    template_name = "posts/post_detail.html"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).for_detail()

    def get_object(self, queryset=None):
        """The post at this permalink; else one with this slug on another day (its date
        was changed since), which `get` redirects to its permalink."""
        posts = self.get_queryset()
        post = (
            posts.at_permalink(**self.kwargs).first()
            or posts.filter(slug=self.kwargs["slug"]).first()
        )
        if post is None:
            raise Http404("No post at this address.")
        return post

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if escape_uri_path(request.path) != canonical:
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        post = self.object
        category = post.primary_category
        context = self.protection_context()
        locked = context["locked"]
        context |= {
            "breadcrumb_categories": [*category.ancestors(), category] if category else [],
            "is_preview": not post.is_published,
            "previous_post": post.is_published and neighbour(post, after=False),
            "next_post": post.is_published and neighbour(post, after=True),
            "related_posts": related.related_posts(post) if not locked else [],
        }
        context.update(kwargs)
        return super().get_context_data(**context)

    def render_to_response(self, context, **response_kwargs):
        """The page may frame the players of the embeds in the body it shows, no others."""
        response = super().render_to_response(context, **response_kwargs)
        return response if context["locked"] else allow_frames(response, self.object.body_html)

    def page_keys(self, context):
        """The post, its terms (which also pick its related posts), the posts it links to
        and the published order (`home`) that picks its previous and next posts."""
        post = self.object
        linked = [context["previous_post"], context["next_post"], *context["related_posts"]]
        categories = [*context["breadcrumb_categories"], *post.categories.all()]
        return [
            *card_keys(post),
            "home",
            *(f"category:{c.pk}" for c in categories),
            *(f"tag:{t.pk}" for t in post.tags.all()),
            *(f"post:{p.pk}" for p in linked if p),
        ]


def neighbour(post, *, after):
    """The published post just before (or `after`) this one in the published order, or None:
    one query that walks the list index from this post's place."""
    at = post.published_at
    if after:
        order, beyond = (
            ("published_at", "pk"),
            Q(published_at__gt=at) | Q(published_at=at, pk__gt=post.pk),
        )
    else:
        order, beyond = (
            ("-published_at", "-pk"),
            Q(published_at__lt=at) | Q(published_at=at, pk__lt=post.pk),
        )
    return (
        Post.objects.published()
        .filter(beyond)
        .only("kind", "title", "slug", "published_at")
        .order_by(*order)
        .first()
    )


@method_decorator(
    limit_per_address("search", limit=search.RATE_LIMIT, period=search.RATE_PERIOD),
    name="dispatch",
)
class SearchView(KeyedPageMixin, ListView):
    """`/search/?q=`: published posts matching the words, ten a page, the most recent
    `search.MAX_RESULTS` of them ranked; each address may search a few times a minute, so
    that a burst of searches cannot slow the site for everyone."""

    template_name = "posts/search.html"
    paginate_by = 10

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
        self.recent = search.most_recent(self.query, search.MAX_RESULTS + 1)
        results = search.search_posts(self.query, among=self.recent[: search.MAX_RESULTS])
        return results.select_related("author", "primary_category")

    def get_paginator(self, queryset, per_page, **kwargs):
        return search.ResultsPaginator(queryset, per_page, found=len(self.recent), **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query, has_terms=bool(search.terms(self.query)), **kwargs
        )
        for post in context["object_list"]:
            post.snippet = search.snippet(post, self.query)
        return context


class PageView(PasswordProtectedMixin, KeyedPageMixin, DetailView):
    """A page at its nested address, `/<parent>/<child>/`: one query finds it by its stored
    path. Drafts are not found, except by staff who may edit them (a preview)."""

    template_name = "posts/page_detail.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        page = (
            Page.objects.visible_to(self.request.user)
            .select_related("author")
            .at_path(self.kwargs["path"])
            .first()
        )
        if page is None:
            raise Http404("No page at this address.")
        return page

    def get_context_data(self, **kwargs):
        page = self.object
        context = self.protection_context()
        return super().get_context_data(
            post=page,
            is_preview=not page.is_published,
            shows_responses=not context["locked"]
            and (page.comments_open or page.comment_count > 0),
            **context | kwargs,
        )

    def page_keys(self, context):
        return card_keys(self.object)
