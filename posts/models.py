"""Posts, their categories and tags: what authors write and readers browse."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify

from core.links import link
from core.sanitize import excerpt_from_html, sanitize_post_html

from . import body as post_body

# Path segments that mean something after a category path in a URL.
RESERVED_SLUGS = {"page", "feed"}


def free_slug(base, taken, *, max_length=200, reserved=RESERVED_SLUGS):
    """`base`, or `base-2`, `base-3`…: the first slug not in `taken` and not reserved, as
    WordPress numbers them. The one slug rule; `unique_slug` asks the database for `taken`."""
    base = (base or "item")[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    while slug in taken or slug in reserved:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(model, base, *, exclude_pk=None, max_length=200, reserved=RESERVED_SLUGS, **scope):
    """The first free slug for `base` among the rows of `model` within `scope`."""
    base = (base or "item")[: max_length - 8].strip("-") or "item"
    taken = set(
        model._default_manager.filter(slug__startswith=base, **scope)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return free_slug(base, taken, max_length=max_length, reserved=reserved)


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
        return link("posts:category", path=self.path)

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
        return link("posts:tag", slug=self.slug)


class Kind(models.TextChoices):
    """What a row of the Post table is: a dated post, or a page that lives outside time."""

    POST = "post", "Post"
    PAGE = "page", "Page"


class Format(models.TextChoices):
    """WordPress's post formats: how a theme presents a post (a status without a title, a
    link post whose title is its link, a quotation as a blockquote)."""

    STANDARD = "standard", "Standard"
    ASIDE = "aside", "Aside"
    GALLERY = "gallery", "Gallery"
    LINK = "link", "Link"
    IMAGE = "image", "Image"
    QUOTE = "quote", "Quote"
    STATUS = "status", "Status"
    VIDEO = "video", "Video"
    AUDIO = "audio", "Audio"
    CHAT = "chat", "Chat"


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

    def at_path(self, path):
        """The page at `/<path>/` ("parent/child"): the one lookup of a page's address."""
        return self.filter(kind=Kind.PAGE, path=path)

    def authors(self):
        """The accounts that wrote these posts: `published().authors()` are the people with an
        author page, so that readers' accounts are never listed or guessable there."""
        return get_user_model().objects.filter(pk__in=self.values("author"))

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
        """What a list of post cards shows, without a query per card (and without bodies:
        only a link post's, whose title links to the first link in it)."""
        return (
            self.select_related("author", "primary_category", "featured_image")
            .defer("body", "body_html", "trackback_urls", "search_document")
            .annotate(
                link_source=Case(
                    When(format=Format.LINK, then=F("body")),
                    default=Value(""),
                    output_field=models.TextField(),
                )
            )
            .order_by("-sticky", "-published_at", "-pk")
        )

    def for_detail(self):
        return self.select_related("author", "primary_category", "featured_image").prefetch_related(
            "categories", "tags"
        )

    def using_media(self, item):
        """Posts whose featured image is `item` or whose body shows its file."""
        return self.filter(Q(featured_image=item) | Q(body__contains=item.url)).only(
            "pk", "title", "status"
        )

    def in_category(self, category):
        return self.filter(categories__in=category.descendants_and_self().values("pk")).distinct()


class KindManager(models.Manager.from_queryset(PostQuerySet)):
    """The rows of one kind (`Post.objects`: posts, `Page.objects`: pages), or of every
    kind (`Post.entries`, for what posts and pages share: comments, likes, pings)."""

    def __init__(self, kind=None):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.kind is None else queryset.filter(kind=self.kind)


class Post(models.Model):
    Kind = Kind
    Format = Format

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
    published_at_chosen = models.BooleanField(
        "publication time chosen",
        default=False,
        help_text="Off while the post should go live at the moment it is published; on once "
        "its author picks a time or it goes live.",
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
    featured_image = models.ForeignKey(
        "library.MediaItem",
        null=True,
        blank=True,
        related_name="featured_in_posts",
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": "image"},
        help_text="An image from the media library; its alt text is the library's.",
    )
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
    format = models.CharField(
        max_length=10,
        choices=Format,
        default=Format.STANDARD,
        help_text="How the post is shown: an aside or status without its title in lists, a "
        "link post's title linking to the first link in it, a quote as a quotation.",
    )
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
    reading_minutes = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Estimated from the body's words on save."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    kind = models.CharField(
        max_length=10, choices=Kind, default=Kind.POST, db_index=True, editable=False
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="child_pages",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Kind.PAGE},
        help_text="Pages only: the page this one sits under in its address.",
    )
    menu_order = models.IntegerField(
        default=0, help_text="Pages only: lower numbers come first among their siblings."
    )
    path = models.CharField(
        "page path",
        max_length=1000,
        blank=True,
        editable=False,
        db_index=True,
        help_text="Pages only: the parents' slugs and this one's, kept in step on save.",
    )
    related_post_ids = models.JSONField(
        "related posts",
        default=list,
        blank=True,
        editable=False,
        help_text="Posts sharing a term with this one, newest first; kept by posts/related.py.",
    )
    # The words search finds the post by, categories and tags included, kept by
    # posts/search.py on PostgreSQL (where a GIN index serves it); unused elsewhere.
    search_document = SearchVectorField(null=True, editable=False)

    # The first manager is the default one: the admin, forms and related sets see posts.
    objects = KindManager(Kind.POST)
    entries = KindManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(
                fields=["published_on", "slug"],
                condition=Q(kind=Kind.POST),
                name="post_slug_unique_per_day",
            ),
            # A page's path is its slug under its parent's path: unique per parent.
            models.UniqueConstraint(
                fields=["path"], condition=Q(kind=Kind.PAGE), name="page_path_unique"
            ),
        ]
        indexes = [
            # Published posts in the order of every list page: read in index order and
            # stop after a page, instead of sorting every post.
            models.Index(
                fields=["kind", "status", "-sticky", "-published_at", "-id"],
                name="post_list_order",
            ),
            # A post's previous and next published posts: one step along this index each.
            models.Index(
                fields=["kind", "status", "published_at", "id"], name="post_published_order"
            ),
            # Search's most recent matches of a common word (posts/search.py): read newest
            # first, stopping once enough match, instead of fetching every match.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published", kind=Kind.POST),
                name="post_published_recent",
            ),
        ]
        permissions = [
            ("edit_others_posts", "Can edit and publish other authors' posts"),
            ("publish_posts", "Can publish and schedule posts"),
            ("upload_files", "Can upload files"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_post_html(self.body)
        self.body_html = post_body.render(self.body)
        self.reading_minutes = post_body.reading_minutes(self.body_html)
        if self._excerpt_follows_body(kwargs.get("update_fields")):
            self.excerpt = excerpt_from_html(self.body)
        self.published_on = timezone.localdate(self.published_at)
        old_path = self.path
        if self.kind == Kind.PAGE:
            self._place_page()
        else:
            self.slug = unique_slug(
                Post,
                self.slug or slugify(self.title, allow_unicode=True),
                exclude_pk=self.pk,
                published_on=self.published_on,
            )
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in Page.objects.filter(parent=self.pk):
                child.save()

    def get_absolute_url(self):
        if self.kind == Kind.PAGE:
            return link("posts:page", path=self.path)
        local = timezone.localtime(self.published_at)
        return link(
            "posts:detail",
            year=local.year,
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
            slug=self.slug,
        )

    def _excerpt_follows_body(self, update_fields):
        """An excerpt the author did not write follows the body: an empty one, or one still
        equal to the automatic excerpt of the body as last saved."""
        if update_fields is not None and "excerpt" not in update_fields:
            return False
        if not self.excerpt.strip():
            return True
        if self.pk is None:
            return False
        saved = Post.entries.filter(pk=self.pk).values_list("body", "excerpt").first()
        return saved is not None and self.excerpt == saved[1] == excerpt_from_html(saved[0])

    def publish_now(self):
        """Make the post public now: at this moment unless its author chose a time (a chosen
        time still to come is brought forward), so an old draft does not go live back-dated."""
        now = timezone.now()
        self.published_at = min(self.published_at, now) if self.published_at_chosen else now
        self.published_at_chosen = True
        self.status = self.Status.PUBLISHED

    def _place_page(self):
        """A page's slug, free among its siblings, and its path under its parent's."""
        from . import pages

        self.slug = unique_slug(
            Page,
            self.slug or slugify(self.title, allow_unicode=True),
            exclude_pk=self.pk,
            reserved=RESERVED_SLUGS if self.parent_id else pages.reserved_top_level_slugs(),
            parent_id=self.parent_id,
        )
        parent_path = Post.entries.filter(pk=self.parent_id).values_list("path", flat=True)
        self.path = f"{parent_path.get()}/{self.slug}" if self.parent_id else self.slug

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def format_link(self):
        """Where a link post's title points: the first link in its body (WordPress's
        get_url_in_content()), else the post itself."""
        source = getattr(self, "link_source", None)
        if source is None and "body" not in self.get_deferred_fields():
            source = self.body
        return post_body.first_link(source or "") or self.get_absolute_url()

    @property
    def shows_own_quote(self):
        """A quote post whose body is a blockquote already: not wrapped in another one."""
        return self.body_html.lstrip().startswith("<blockquote")

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def ensure_category(self):
        """Give a post with no category "Uncategorized", and a primary category (pages
        have none)."""
        if self.kind == Kind.PAGE:
            return
        categories = list(self.categories.all())
        if not categories:
            default = Category.default()
            self.categories.add(default)
            categories = [default]
        if self.primary_category_id not in {c.pk for c in categories}:
            self.primary_category = categories[0]
            Post.objects.filter(pk=self.pk).update(primary_category=self.primary_category)


class Page(Post):
    """A static page: a row of the Post table (as in WordPress) with a nested address,
    `/<parent>/<child>/`, and no date, categories or tags."""

    objects = KindManager(Kind.PAGE)

    class Meta:
        proxy = True
        ordering = ["menu_order", "title"]

    def save(self, *args, **kwargs):
        self.kind = Kind.PAGE
        super().save(*args, **kwargs)

    def clean(self):
        from . import pages

        pages.check_placement(self)


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
    media_item = models.ForeignKey(
        "library.MediaItem",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        editable=False,
        help_text="The media library's copy of this file, when the import brought it along: "
        "an export gives the two as one attachment.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title or self.url


class PostRevision(models.Model):
    """A post's title, excerpt and body as one save left them, and who saved them.

    Kept so that an author can see what changed and go back (`posts/revisions.py`)."""

    post = models.ForeignKey(Post, related_name="revisions", on_delete=models.CASCADE)
    title = models.CharField(max_length=300)
    excerpt = models.TextField(blank=True)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="post_revisions",
        on_delete=models.SET_NULL,
        help_text="Who saved this version.",
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["post", "-created", "-id"], name="revision_post_order")]

    def __str__(self):
        return f"{self.post_id}: {self.title} ({self.created:%Y-%m-%d %H:%M})"


class PostAutosave(models.Model):
    """The editor's draft copy of one author's unsaved changes to a post (or to a new post,
    when `post` is empty), kept apart from the post until the author restores it."""

    post = models.ForeignKey(
        Post, null=True, blank=True, related_name="autosaves", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="post_autosaves", on_delete=models.CASCADE
    )
    title = models.CharField(max_length=300, blank=True)
    excerpt = models.TextField(blank=True)
    body = models.TextField(blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "author"], name="one_autosave_per_post_author"),
            models.UniqueConstraint(
                fields=["author"],
                condition=Q(post__isnull=True),
                name="one_new_post_autosave_per_author",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.post_id or 'a new post'} by {self.author_id}"


class PostEditLock(models.Model):
    """Who has a post open in the editor, kept alive by the editor's heartbeat."""

    post = models.OneToOneField(Post, related_name="edit_lock", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="post_edit_locks", on_delete=models.CASCADE
    )
    heartbeat_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.post_id} open by {self.user_id}"


class Menu(models.Model):
    """A navigation menu edited in the admin, shown where its location says (WordPress's
    Appearance › Menus): the header's primary menu, the footer's."""

    class Location(models.TextChoices):
        PRIMARY = "primary", "Primary (the header)"
        FOOTER = "footer", "Footer"

    name = models.CharField(max_length=100)
    location = models.CharField(
        max_length=20,
        choices=Location,
        blank=True,
        help_text="Where the menu is shown; one menu per place. Empty: kept, not shown.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["location"], condition=~Q(location=""), name="menu_location_unique"
            )
        ]

    def __str__(self):
        return self.name


class MenuItem(models.Model):
    """An entry of a menu: a page, category, tag, post or custom URL, under another entry
    for a dropdown, in `order` among its siblings."""

    TARGETS = ("page", "category", "tag", "post", "url")

    menu = models.ForeignKey(Menu, related_name="items", on_delete=models.CASCADE)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.CASCADE,
        help_text="An item of the same menu this one drops down from.",
    )
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(
        max_length=200, blank=True, help_text="Shown instead of the title or name it points at."
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(
        "custom URL",
        max_length=500,
        blank=True,
        help_text="An address on this site (/about/) or elsewhere (https://…).",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        target = self.page or self.post or self.category or self.tag
        return self.label or (str(target) if target else self.url)

    def clean(self):
        from . import menus

        menus.check_item(self)


class ReviewMail(models.Model):
    """One Editor's mail about one submission of a post for review: recorded so that a task
    run twice (its worker died, core/tasks.py) mails each Editor once."""

    post = models.ForeignKey(Post, related_name="review_mails", on_delete=models.CASCADE)
    recipient = models.EmailField()
    submitted_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "recipient", "submitted_at"], name="review_mail_once"
            )
        ]

    def __str__(self):
        return f"{self.post} to {self.recipient}"


# Tombstones live in a module of their own; imported here so Django finds them.
from .tombstones import Tombstone  # noqa: E402, F401
