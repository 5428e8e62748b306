"""The "Leave a Reply" form: it owns validation, sanitizing and the spam signals."""

import secrets

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.utils.html import linebreaks

from core.cache import claim
from core.client import client_ip, user_agent
from core.sanitize import plain_text, sanitize_comment_html

from .models import Comment
from .signals import comment_will_be_posted

TIMESTAMP_SALT = "comments.form-timestamp"
MAX_BODY = 10_000


def form_timestamp(post):
    """A signed, single-use token saying when and for which post the form was shown."""
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(
        f"{post.pk}:{secrets.token_urlsafe(12)}"
    )


def clean_comment_body(text):
    """A comment's text as stored: sanitized HTML in paragraphs, never empty."""
    html = sanitize_comment_html(text)
    if not plain_text(html):
        raise forms.ValidationError("Please type your comment.", code="empty")
    if "<p>" not in html:
        html = linebreaks(html, autoescape=False)
    return html


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please type your comment."},
    )
    author_name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": "Please give your name."}
    )
    author_email = forms.EmailField(
        label="Email",
        max_length=200,
        help_text="Never published.",
        error_messages={"required": "Please give your email address."},
    )
    author_url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    save_details = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time I comment.",
        required=False,
        help_text="They are kept for a year in three cookies that only this site can read, "
        "and removed when you post with this unticked.",
    )
    subscribe = forms.BooleanField(
        label="Notify me of follow-up comments by email.", required=False
    )
    post = forms.IntegerField(widget=forms.HiddenInput)
    parent = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "The comment you replied to is not valid."},
    )
    timestamp = forms.CharField(widget=forms.HiddenInput, required=False)
    # A field people never see and bots fill in.
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, post, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user if user is not None and user.is_authenticated else None
        if self.user:
            for name in ("author_name", "author_email", "author_url", "save_details"):
                del self.fields[name]
        self.spam_signals = []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_body(self):
        return clean_comment_body(self.cleaned_data["body"])

    def clean_parent(self):
        """The comment this one answers (None for a new thread): approved, on this post."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError("The comment you replied to does not exist.")
        if parent.post_id != self.post.pk or parent.status != Comment.Status.APPROVED:
            raise forms.ValidationError("The comment you replied to cannot be answered.")
        return parent

    def clean_author_name(self):
        name = " ".join(self.cleaned_data["author_name"].split())
        if not name:
            raise forms.ValidationError("Please give your name.", code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            self.spam_signals.append("honeypot field filled in")
        self._check_timestamp(cleaned.get("timestamp") or "", self.post.pk)
        return cleaned

    def _check_timestamp(self, value, post_pk):
        if not value:
            self.spam_signals.append("form timestamp missing")
            return
        signer = signing.TimestampSigner(salt=TIMESTAMP_SALT)
        try:
            payload = signer.unsign(value, max_age=settings.COMMENT_FORM_MAX_AGE)
        except signing.SignatureExpired:
            self.spam_signals.append("form timestamp expired")
            return
        except signing.BadSignature:
            self.spam_signals.append("form timestamp forged")
            return
        signed_post, _, nonce = payload.partition(":")
        if signed_post != str(post_pk):
            self.spam_signals.append("form timestamp forged (another post)")
        elif claim(f"comment-form-nonce:{nonce}", settings.COMMENT_FORM_MAX_AGE) is False:
            # None: the cache is away and cannot tell; the form is let through unmarked.
            self.spam_signals.append("form timestamp replayed")

    def build_comment(self, request):
        """An unsaved Comment from the cleaned form and the request it came with."""
        data = self.cleaned_data
        comment = Comment(
            post=self.post,
            parent=data["parent"],
            body=data["body"],
            ip=client_ip(request),
            user_agent=user_agent(request),
        )
        if self.user:
            comment.user = self.user
            comment.author_name = self.user.get_full_name() or self.user.get_username()
            comment.author_email = self.user.email
        else:
            comment.author_name = data["author_name"]
            comment.author_email = data["author_email"]
            comment.author_url = data.get("author_url", "")
        comment_will_be_posted.send(sender=Comment, comment=comment, request=request)
        return comment


class CommentEditForm(forms.Form):
    """The author's own comment, changed within the edit window (comments/editing.py)."""

    body = forms.CharField(
        label="Comment",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Please type your comment."},
    )

    def clean_body(self):
        return clean_comment_body(self.cleaned_data["body"])
