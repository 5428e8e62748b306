"""What clients send to create and change posts, pages, media, comments and terms, validated as
WordPress validates it; a bad field refuses the whole request, nothing is saved."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework import serializers

from comments.models import Comment
from core.sanitize import plain_text
from library.models import MediaItem
from posts.models import Category, Page, Post, Tag

WP_TO_STATUS = {
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.PENDING,
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "private": Post.Status.PRIVATE,
}
WP_TO_COMMENT_STATUS = {
    "approved": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
}


class RawField(serializers.CharField):
    """A text field sent as a string or, as WordPress also takes it, as `{"raw": …}`."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("raw", "")
        return super().to_internal_value(data)


class OpenClosedField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=["open", "closed"], **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data) == "open"


class GmtDateTimeField(serializers.DateTimeField):
    """`date_gmt`: a time without an offset is UTC, not the site's time."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if isinstance(value, str) and not value.endswith("Z") and "+" not in value[10:]:
            naive = timezone.make_naive(moment)
            moment = naive.replace(tzinfo=datetime.UTC)
        return moment


class PublishedPostField(serializers.PrimaryKeyRelatedField):
    """A post or page the public can see now (the queryset is made per request:
    `published()` reads the clock)."""

    def get_queryset(self):
        return Post.entries.published()


class ZeroOrRelatedField(serializers.PrimaryKeyRelatedField):
    """An id, or 0 for none, as WordPress sends `featured_media` and `parent`."""

    def to_internal_value(self, data):
        if data in (0, "0"):
            return None
        return super().to_internal_value(data)


class FeaturedMediaField(ZeroOrRelatedField):
    """An image of the library (the featured image takes images only, as on the post
    screen), or 0 for none."""

    def get_queryset(self):
        return MediaItem.objects.images()


class PostWrite(serializers.Serializer):
    title = RawField(max_length=300, required=False, allow_blank=True)
    content = RawField(required=False, allow_blank=True, trim_whitespace=False)
    excerpt = RawField(required=False, allow_blank=True)
    slug = serializers.CharField(max_length=200, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=list(WP_TO_STATUS), required=False)
    date = serializers.DateTimeField(required=False)
    date_gmt = GmtDateTimeField(required=False)
    password = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sticky = serializers.BooleanField(required=False)
    comment_status = OpenClosedField(required=False)
    ping_status = OpenClosedField(required=False)
    format = serializers.ChoiceField(choices=Post.Format.values, required=False)
    author = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False
    )
    categories = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), many=True, required=False
    )
    tags = serializers.PrimaryKeyRelatedField(queryset=Tag.objects.all(), many=True, required=False)
    featured_media = FeaturedMediaField(required=False, allow_null=True)

    FIELDS = {
        "title": "title",
        "content": "body",
        "excerpt": "excerpt",
        "slug": "slug",
        "password": "password",
        "sticky": "sticky",
        "comment_status": "comments_open",
        "ping_status": "pings_open",
        "format": "format",
        "author": "author",
        "featured_media": "featured_image",
    }

    def validate_slug(self, slug):
        return slugify(slug, allow_unicode=True)

    def save_to(self, post):
        """Apply the validated fields to `post` and save it with its terms, in one transaction.

        A post published without a date given is dated now, as WordPress dates a draft
        when it goes out, not when it was begun."""
        data = self.validated_data
        goes_public = data.get("status") == "publish" and post.status != Post.Status.PUBLISHED
        for name, attribute in self.FIELDS.items():
            if name in data:
                setattr(post, attribute, data[name])
        if "status" in data:
            post.status = WP_TO_STATUS[data["status"]]
        if "date_gmt" in data or "date" in data:
            post.published_at = data.get("date_gmt") or data["date"]
        elif post.pk is None or goes_public:
            post.published_at = timezone.now()
        self.check_placement(post)
        with transaction.atomic():
            post.save()
            if "categories" in data:
                post.categories.set(data["categories"])
            if "tags" in data:
                post.tags.set(data["tags"])
            post.ensure_category()
        return post

    def check_placement(self, post):
        """Posts are placed by their date alone; see PageWrite."""


class PageWrite(PostWrite):
    """A page: a post's fields without sticky, terms or password (the page screen has none
    of them), with its parent and menu order; placed where the page screen would place it
    (`Page.clean`: no address the blog uses itself, no loop)."""

    sticky = categories = tags = password = None
    parent = ZeroOrRelatedField(queryset=Page.objects.all(), required=False, allow_null=True)
    menu_order = serializers.IntegerField(required=False, min_value=-(2**31), max_value=2**31 - 1)
    template = serializers.ChoiceField(choices=[""], required=False)

    FIELDS = {
        **{k: v for k, v in PostWrite.FIELDS.items() if k not in ("sticky", "password")},
        "parent": "parent",
        "menu_order": "menu_order",
    }

    def check_placement(self, page):
        try:
            page.clean()
        except DjangoValidationError as error:
            names = {"slug": "slug", "parent": "parent"}
            raise serializers.ValidationError(
                {names.get(name, name): messages for name, messages in error.message_dict.items()}
            ) from error


class MediaWrite(serializers.Serializer):
    """What an upload may carry beside its file, and what an edit may change."""

    title = RawField(max_length=300, required=False, allow_blank=True)
    alt_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    caption = RawField(required=False, allow_blank=True)
    description = RawField(required=False, allow_blank=True)

    FIELDS = {"title": "title", "alt_text": "alt", "caption": "caption"}
    FIELDS |= {"description": "description"}

    def fields_for_item(self):
        """The validated fields by the item's names (text only: the library keeps them plain)."""
        return {
            attribute: plain_text(self.validated_data[name])
            for name, attribute in self.FIELDS.items()
            if name in self.validated_data
        }


class TermWrite(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    slug = serializers.SlugField(
        max_length=100, required=False, allow_blank=True, allow_unicode=True
    )
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )

    def validate_slug(self, slug):
        model = self.context["model"]
        if slug and model.objects.filter(slug=slug).exists():
            raise serializers.ValidationError("A term with the provided slug already exists.")
        return slug


class CommentWrite(serializers.Serializer):
    post = PublishedPostField()
    parent = serializers.IntegerField(required=False, min_value=0)
    content = RawField(max_length=10_000)


class CommentModeration(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(WP_TO_COMMENT_STATUS))
