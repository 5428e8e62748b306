"""What clients send to create and change posts, comments and terms, validated as
WordPress validates it; a bad field refuses the whole request, nothing is saved."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework import serializers

from comments.models import Comment
from posts.models import Category, Post, Tag

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
    """A post the public can see now (the queryset is made per request: `published()`
    reads the clock)."""

    def get_queryset(self):
        return Post.objects.published()


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
        with transaction.atomic():
            post.save()
            if "categories" in data:
                post.categories.set(data["categories"])
            if "tags" in data:
                post.tags.set(data["tags"])
            post.ensure_category()
        return post


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
