from django import forms
from django.utils.crypto import constant_time_compare

from library.forms import LibraryFileField
from library.models import MediaItem
from library.uploads import Kind

from .models import Post


class PostPasswordForm(forms.Form):
    """The password that unlocks a protected post for this browser session."""

    password = forms.CharField(
        label="Password", max_length=100, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not constant_time_compare(password, self.post.password):
            raise forms.ValidationError("That password is not right. Try again.")
        return password


class PostAdminForm(forms.ModelForm):
    """The post screen: the featured image is chosen from the library or uploaded to it."""

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
        fields = ["featured_image"]  # the admin adds the fields of its fieldsets

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
