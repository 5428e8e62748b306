"""Posts, their categories and tags: what authors write and readers browse."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.sanitize import excerpt_from_html, sanitize_post_html

from . import body as post_body
from . import images

# Path segments that mean something after a category path in a URL.
RESERVED_SLUGS = {"page", "feed"}


def free_slug(base, taken, *, max_length=200):
    """`base`, or `base-2`, `base-3`…: the first slug not in `taken` and not reserved, as
    WordPress numbers them. The one slug rule; `unique_slug` asks the database for `taken`."""
    base = (base or "item")[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(model, base, *, exclude_pk=None, max_length=200, **scope):
    """The first free slug for `base` among the rows of `model` within `scope`."""
    base = (base or "item")[: max_length - 8].strip("-") or "item"
    taken = set(
        model._default_manager.filter(slug__startswith=base, **scope)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken, max_length=max_length)


class CategoryQuerySet(models.QuerySet):
    def with_post_counts(self):
        """Each category with `post_count`: its published posts, in one query."""
        now = timezone.now()
        return self.annotate(
            post_count=models.Count(
                "posts",
                filter=Q(posts__status=Post.Status.PUBLISHED, posts__published_at__lte=now),
                distinct=True,
            )
        )

    def top_level(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    """A category, nested to any depth.

    `path` ("parent/child") is kept in step with the parents so that a URL,
    the breadcrumb and "this category and its descendants" are one query each.
    """

    DEFAULT_SLUG = "uncategorized"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    description = models.TextField(blank=True)
    path = models.CharField(max_length=1000, unique=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, slugify(self.name, allow_unicode=True))
        old_path = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return reverse("posts:category", kwargs={"path": self.path})

    @property
    def depth(self):
        return self.path.count("/")

    def ancestor_slugs(self):
        return self.path.split("/")[:-1]

    def ancestors(self):
        """The parents from the top down, in one query."""
        slugs = self.ancestor_slugs()
        if not slugs:
            return []
        by_slug = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
        return [by_slug[s] for s in slugs if s in by_slug]

    def descendants_and_self(self):
        return Category.objects.filter(Q(pk=self.pk) | Q(path__startswith=self.path + "/"))

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is reserved for page and feed URLs."})
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or self.parent.path.startswith(self.path + "/"))
        ):
            raise ValidationError(
                {"parent": "A category cannot be placed inside itself or its own children."}
            )

    @classmethod
    def default(cls):
        category, _ = cls.objects.get_or_create(
            slug=cls.DEFAULT_SLUG, defaults={"name": "Uncategorized"}
        )
        return category


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, slugify(self.name, allow_unicode=True), max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of a post the public may see."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Posts set to publish at a time still to come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication(self):
        """When the next scheduled post goes public, or None: the page cache asks."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def at_permalink(self, year, month, day, slug):
        """The post at `/<year>/<month>/<day>/<slug>/` (at most one: the unique index)."""
        try:
            day = datetime.date(int(year), int(month), int(day))
        except ValueError:
            return self.none()
        return self.filter(published_on=day, slug=slug)

    def lock(self, post_ids):
        """Inside a transaction: lock these posts' rows until it ends (in id order, so that
        two transactions locking the same posts cannot deadlock). Changes that recount a
        post, or check and then add to it, take this first."""
        list(self.select_for_update().filter(pk__in=post_ids).order_by("pk").values_list("pk"))

    def visible_to(self, user):
        """Published posts, plus every post this user may edit (for previews)."""
        if not user.is_authenticated or not user.is_staff:
            return self.published()
        if user.has_perm("posts.edit_others_posts"):
            return self.all()
        return self.filter(Q(pk__in=self.published().values("pk")) | Q(author=user))

    def for_cards(self):
        """What a list of post cards shows, without a query per card (and without bodies)."""
        return (
            self.select_related("author", "primary_category")
            .defer("body", "body_html", "trackback_urls")
            .order_by("-sticky", "-published_at", "-pk")
        )

    def for_detail(self):
        return self.select_related("author", "primary_category").prefetch_related(
            "categories", "tags"
        )

    def in_category(self, category):
        return self.filter(categories__in=category.descendants_and_self().values("pk")).distinct()

    def related_to(self, post, limit=3):
        """Posts sharing a tag or a category with `post`, newest first (one query)."""
        tags = [t.pk for t in post.tags.all()]
        categories = [c.pk for c in post.categories.all()]
        ids = (
            self.filter(Q(tags__in=tags) | Q(categories__in=categories))
            .exclude(pk=post.pk)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        return (
            self.filter(pk__in=ids[:limit])
            .only("title", "slug", "published_at")
            .order_by("-published_at", "-pk")
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        PRIVATE = "private", "Private"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text="The last part of the permalink; unique for the day. Made from the title "
        "when left empty.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="posts", on_delete=models.PROTECT
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="A time in the future schedules the post.",
    )
    published_on = models.DateField(editable=False)
    excerpt = models.TextField(
        blank=True, help_text="A short summary for lists and feeds; made from the body if empty."
    )
    body = models.TextField(blank=True)
    body_html = models.TextField(
        "body as readers see it",
        blank=True,
        editable=False,
        help_text="Made from the body on save.",
    )
    featured_image = models.ImageField(
        upload_to="featured/%Y/%m/",
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
        validators=[images.validate_featured_image],
    )
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_alt = models.CharField("featured image alt text", max_length=300, blank=True)
    featured_image_renditions = models.JSONField(default=list, blank=True, editable=False)
    featured_attachment = models.ForeignKey(
        "Attachment",
        null=True,
        blank=True,
        related_name="featured_in",
        on_delete=models.SET_NULL,
        editable=False,
        help_text="The featured image a WordPress import named, kept by URL when its file "
        "did not come along.",
    )
    categories = models.ManyToManyField(Category, related_name="posts", blank=True)
    primary_category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        related_name="primary_posts",
        on_delete=models.SET_NULL,
        help_text="Shown in the breadcrumb; the first category when left empty.",
    )
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True)
    password = models.CharField(
        max_length=100,
        blank=True,
        help_text="Readers must enter it to see the post's content.",
    )
    comments_open = models.BooleanField(default=True)
    pings_open = models.BooleanField(default=True)
    sticky = models.BooleanField(default=False, help_text="Keep at the top of the home page.")
    trackback_urls = models.TextField(
        "send trackbacks to",
        blank=True,
        help_text="One URL per line; each gets a TrackBack ping when the post is published.",
    )
    wp_id = models.PositiveBigIntegerField(
        "WordPress post id",
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Kept from an import so /?p=<id> and old links keep working.",
    )
    wp_guid = models.CharField("WordPress GUID", max_length=500, blank=True, editable=False)
    comment_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Approved comments, kept exact by the comments app."
    )
    like_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Likes, kept exact by the likes app."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # The words search finds the post by, categories and tags included, kept by
    # posts/search.py on PostgreSQL (where a GIN index serves it); unused elsewhere.
    search_document = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(
                fields=["published_on", "slug"], name="post_slug_unique_per_day"
            )
        ]
        indexes = [
            # Published posts in the order of every list page: read in index order and
            # stop after a page, instead of sorting every post.
            models.Index(
                fields=["status", "-sticky", "-published_at", "-id"], name="post_list_order"
            ),
        ]
        permissions = [
            ("edit_others_posts", "Can edit and publish other authors' posts"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_post_html(self.body)
        self.body_html = post_body.render(self.body)
        if not self.excerpt.strip():
            self.excerpt = excerpt_from_html(self.body)
        self.published_on = timezone.localdate(self.published_at)
        self.slug = unique_slug(
            Post,
            self.slug or slugify(self.title, allow_unicode=True),
            exclude_pk=self.pk,
            published_on=self.published_on,
        )
        image_changed = self._featured_image_changed()
        if image_changed and self.featured_image:
            self.featured_image.save(
                self.featured_image.name, images.normalized(self.featured_image), save=False
            )
        super().save(*args, **kwargs)
        if image_changed:
            self.featured_image_renditions = (
                images.make_renditions(self.featured_image) if self.featured_image else []
            )
            super().save(update_fields=["featured_image_renditions"])

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at)
        return reverse(
            "posts:detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def _featured_image_changed(self):
        file = self.featured_image
        return (
            bool(file)
            and not getattr(file, "_committed", True)
            or (not file and bool(self.featured_image_renditions))
        )

    def ensure_category(self):
        """Give a post with no category "Uncategorized", and a primary category."""
        categories = list(self.categories.all())
        if not categories:
            default = Category.default()
            self.categories.add(default)
            categories = [default]
        if self.primary_category_id not in {c.pk for c in categories}:
            self.primary_category = categories[0]
            Post.objects.filter(pk=self.pk).update(primary_category=self.primary_category)

    def featured_srcset(self):
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.featured_image_renditions)


class Attachment(models.Model):
    """A media file a WordPress export listed: where it lives, and the post it belongs to.

    Imports record the file's URL (the file itself may stay on the old host) so that
    featured images and galleries keep pointing somewhere, and exports give it back.
    """

    wp_id = models.PositiveBigIntegerField(
        "WordPress attachment id", null=True, blank=True, unique=True, editable=False
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, related_name="attachments", on_delete=models.SET_NULL
    )
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField("URL", max_length=1000)
    alt = models.CharField("alt text", max_length=300, blank=True)
    caption = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title or self.url
