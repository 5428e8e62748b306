"""Upload forms: the library's own (many files at once) and the field others reuse."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from . import uploads
from .models import MediaItem


class LibraryFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class LibraryFileField(forms.FileField):
    """A file the library accepts; cleans to `(upload, uploads.Checked)`.

    `kinds` narrows what is accepted (the featured image takes images only)."""

    def __init__(self, *args, kinds=None, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        checked = uploads.check(upload)
        if self.kinds and checked.kind not in self.kinds:
            raise ValidationError("Choose an image file here.", code="kind")
        return upload, checked


class MultipleLibraryFileField(LibraryFileField):
    widget = LibraryFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{upload.name}: {message}") for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


class UploadForm(forms.Form):
    """The library's upload screen: one or many files; all are stored or none."""

    files = MultipleLibraryFileField(
        label="Files",
        help_text=f"Accepted: {uploads.ACCEPTED}.",
        widget=LibraryFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )

    def save(self, uploaded_by):
        stored = []
        try:
            with transaction.atomic():
                for upload, checked in self.cleaned_data["files"]:
                    item = MediaItem.objects.upload(
                        upload, uploaded_by=uploaded_by, checked=checked
                    )
                    stored.append(item)
        except BaseException:
            for item in stored:
                item.delete_files()
            raise
        return stored


class EditorUploadForm(forms.Form):
    """One image from the editor (pasted, dropped or picked): TinyMCE sends it as `file`."""

    file = LibraryFileField(kinds={uploads.Kind.IMAGE})

    def save(self, uploaded_by):
        upload, checked = self.cleaned_data["file"]
        return MediaItem.objects.upload(upload, uploaded_by=uploaded_by, checked=checked)
