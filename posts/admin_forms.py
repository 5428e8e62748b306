"""The post screen's form: the Publish box's choices (status, visibility, when), tags typed
as text, and the refusal of a save made from a form opened before someone else's save."""

from types import SimpleNamespace

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format

from library.forms import LibraryFileField
from library.models import MediaItem
from library.uploads import Kind

from . import review, revisions
from .models import Category, Post, Tag

LIVE = (Post.Status.PUBLISHED, Post.Status.PRIVATE)
# The Publish box's buttons (besides the admin's own Save buttons).
SAVE_DRAFT, PREVIEW, PUBLISH = "_save_draft", "_preview", "_publish"
PUBLISH_BOX_BUTTONS = (SAVE_DRAFT, PREVIEW, PUBLISH)
# Fields of the form, not of the post: on a read-only screen, the post's own take their place.
FORM_ONLY_FIELDS = {
    "visibility": None,
    "published_at_chosen": None,
    "edited_version": None,
    "tag_names": "tags",
}


def writers(*, also=None):
    """Staff who may write posts: the people the Author dropdown offers (not readers), and
    `also` (a post's current author, whatever became of their account)."""
    from django.contrib.auth.models import Permission

    users = get_user_model().objects
    may_write = Permission.objects.filter(
        codename="add_post", content_type__app_label="posts"
    ).values("pk")
    writing = users.filter(is_active=True, is_staff=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=may_write)
        | Q(groups__permissions__in=may_write)
    )
    return users.filter(Q(pk__in=writing.values("pk")) | Q(pk=also)).order_by("username")


def version_of(post):
    """What the form remembers of the saved post it was opened on."""
    return post.updated.isoformat() if post.pk else ""


def tag_names(text):
    """Comma-separated tag names, trimmed, each once (ignoring case), in the order typed."""
    names, seen = [], set()
    for name in (part.strip() for part in (text or "").split(",")):
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    """Categories as a checkbox list, children indented under their parents."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, category):
        return f"{'— ' * category.depth}{category.name}"


class PostAdminForm(forms.ModelForm):
    # The request's user, set by `PostAdmin.get_form`.
    user = None

    visibility = forms.ChoiceField(
        choices=[
            ("public", "Public"),
            ("password", "Password protected"),
            ("private", "Private (only staff who may edit it)"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    published_at_chosen = forms.TypedChoiceField(
        label="Publish",
        choices=[("0", "Immediately, when published"), ("1", "At the time below")],
        coerce=lambda value: value == "1",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    tag_names = forms.CharField(
        label="Tags",
        required=False,
        max_length=2000,
        help_text="Separate tags with commas; new ones are created.",
    )
    categories = CategoryChoiceField(queryset=Category.objects.order_by("path"), required=False)
    edited_version = forms.CharField(widget=forms.HiddenInput, required=False)
    featured_image_upload = LibraryFileField(
        label="Or upload a new one",
        required=False,
        kinds={Kind.IMAGE},
        help_text="Added to the media library and used as this post's featured image.",
    )
    featured_image_alt = forms.CharField(
        label="Alt text of the new image",
        required=False,
        max_length=300,
        help_text="What the uploaded image shows, for readers who cannot see it.",
    )
    may_upload = False  # set per request by the admin

    class Meta:
        model = Post
        # The admin names the fields from its fieldsets; these are the post's own.
        fields = [
            "title",
            "slug",
            "body",
            "excerpt",
            "status",
            "password",
            "published_at_chosen",
            "published_at",
            "author",
            "sticky",
            "format",
            "categories",
            "primary_category",
            "featured_image",
            "comments_open",
            "pings_open",
            "trackback_urls",
        ]
        widgets = {"format": forms.RadioSelect}

    def clean_format(self):
        return self.cleaned_data["format"] or Post.Format.STANDARD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        post = self.instance
        self.conflict = None
        if "published_at" in self.fields:
            self.fields["published_at"].required = False
        if "format" in self.fields:
            # As in WordPress, a form sent without a format keeps the post standard.
            self.fields["format"].required = False
        if "featured_image" in self.fields:
            # A label of its own for the file input (the admin's legend leaves it unnamed).
            self.fields["featured_image"].widget.use_fieldset = False
        if "author" in self.fields:
            self.fields["author"].queryset = writers(also=post.author_id)
        self.may_publish = self.user is None or review.may_publish(self.user)
        if not self.may_publish:
            # A Contributor submits for review; making a post private is publishing it.
            self.fields["visibility"].choices = [
                choice for choice in self.fields["visibility"].choices if choice[0] != "private"
            ]
        self.initial.setdefault("visibility", self._visibility_of(post))
        # The model's boolean, as the radio's choice; a live post's time is settled.
        chosen = post.pk is not None and (post.published_at_chosen or post.status in LIVE)
        self.initial["published_at_chosen"] = "1" if chosen else "0"
        self.initial.setdefault("edited_version", version_of(post))
        if post.pk:
            self.initial.setdefault("tag_names", ", ".join(t.name for t in post.tags.all()))

    @staticmethod
    def _visibility_of(post):
        if post.status == Post.Status.PRIVATE:
            return "private"
        return "password" if post.password else "public"

    def pressed(self, button):
        return button in self.data

    def clean_tag_names(self):
        names = tag_names(self.cleaned_data["tag_names"])
        too_long = [n for n in names if len(n) > Tag._meta.get_field("name").max_length]
        if too_long:
            raise forms.ValidationError(f"A tag name is at most 100 characters: “{too_long[0]}”.")
        existing = {
            tag.lower_name: tag
            for tag in Tag.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=[n.lower() for n in names]
            )
        }
        missing = [n for n in names if n.lower() not in existing]
        if missing and not (self.user and self.user.has_perm("posts.add_tag")):
            raise forms.ValidationError(
                f"You may not create new tags; choose existing ones (“{missing[0]}” is new)."
            )
        self._tags = [existing.get(n.lower()) or n for n in names]
        return names

    def clean(self):
        cleaned = super().clean()
        self._refuse_stale_save(cleaned)
        self._apply_buttons_and_visibility(cleaned)
        self._apply_publication_time(cleaned)
        return cleaned

    def _refuse_stale_save(self, cleaned):
        """A save from a form opened before someone else's save would overwrite their
        change: refuse it, show theirs beside this one, and let a second save decide."""
        post, submitted = self.instance, self.data.get(self.add_prefix("edited_version"))
        if not post.pk or not submitted or submitted == version_of(post):
            return
        latest = post.revisions.select_related("author").first()
        saver = latest.author if latest else None
        by = (saver.get_full_name() or saver.get_username()) if saver else "Someone else"
        theirs = SimpleNamespace(**{n: getattr(post, n) for n in revisions.REVISED_FIELDS})
        yours = SimpleNamespace(
            **{n: cleaned.get(n, getattr(post, n)) for n in revisions.REVISED_FIELDS}
        )
        self.conflict = {"by": by, "at": post.updated, "rows": revisions.compare(theirs, yours)}
        self.data = self.data.copy()
        self.data[self.add_prefix("edited_version")] = version_of(post)
        when = date_format(timezone.localtime(post.updated), "DATETIME_FORMAT")
        raise forms.ValidationError(
            f"{by} saved this post at {when}, "
            "after you opened it. Their version is shown beside yours below and nothing was "
            "saved. Save again to replace their version with yours.",
            code="stale",
        )

    def _apply_buttons_and_visibility(self, cleaned):
        status, visibility = cleaned.get("status"), cleaned.get("visibility")
        if self.pressed(SAVE_DRAFT) or self.pressed(PREVIEW):
            status = Post.Status.PENDING if status == Post.Status.PENDING else Post.Status.DRAFT
        elif self.pressed(PUBLISH) and not self.may_publish:
            status = Post.Status.PENDING
        elif self.pressed(PUBLISH):
            status = Post.Status.PRIVATE if visibility == "private" else Post.Status.PUBLISHED
        if visibility == "private" and status == Post.Status.PUBLISHED:
            status = Post.Status.PRIVATE
        elif visibility in ("public", "password") and status == Post.Status.PRIVATE:
            status = Post.Status.PUBLISHED
        if visibility == "password" and not cleaned.get("password"):
            self.add_error("password", "Enter the password readers will need.")
        elif visibility in ("public", "private"):
            cleaned["password"] = ""
        if status:
            cleaned["status"] = status

    def _apply_publication_time(self, cleaned):
        """Unless the author chose a time, the post goes live at the moment it is published,
        not at the time the form was opened."""
        if "published_at" not in self.fields:
            # The time is not this user's to set (a Contributor): whoever publishes sets it.
            cleaned["published_at_chosen"] = self.instance.published_at_chosen
            return
        chosen = cleaned.get("published_at_chosen")
        if chosen is None:
            # A client that does not send the choice means the time it sends.
            chosen = True
        if chosen and not cleaned.get("published_at"):
            if "published_at" not in self.errors:
                self.add_error("published_at", "Choose the time, or publish immediately.")
            return
        live = cleaned.get("status") in LIVE
        if not chosen:
            was_live = self.instance.pk and self.instance.status in LIVE
            if not was_live or not self.instance.published_at_chosen:
                cleaned["published_at"] = timezone.now()
            else:
                cleaned["published_at"] = self.instance.published_at
        cleaned["published_at_chosen"] = chosen or live

    def _save_m2m(self):
        super()._save_m2m()
        if "tag_names" in self.cleaned_data:
            tags = [t if isinstance(t, Tag) else Tag.objects.create(name=t) for t in self._tags]
            self.instance.tags.set(tags)

    def clean_featured_image_upload(self):
        upload = self.cleaned_data["featured_image_upload"]
        if upload and not self.may_upload:
            raise forms.ValidationError("You may not upload files to the library.")
        return upload

    def store_featured_upload(self, uploaded_by):
        """Put an uploaded featured image in the library and on the post (before saving)."""
        if not self.cleaned_data.get("featured_image_upload"):
            return
        upload, checked = self.cleaned_data["featured_image_upload"]
        self.instance.featured_image = MediaItem.objects.upload(
            upload,
            uploaded_by=uploaded_by,
            checked=checked,
            title=self.instance.title[:300],
            alt=self.cleaned_data["featured_image_alt"],
        )
