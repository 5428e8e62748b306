"""What the post editor (TinyMCE) needs to put library files in a body."""

from django.urls import reverse

# Defines `libraryUploadImage`, the upload handler the options below name.
EDITOR_SCRIPT = "library/editor.js"


def tinymce_options():
    """Uploads (pasted, dropped or picked images) go to the library; the image dialog
    lists library images, with their alt text, under "Image list"."""
    return {
        "images_upload_url": reverse("admin:library_editor_upload"),
        "images_upload_handler": "libraryUploadImage",
        "automatic_uploads": True,
        "images_file_types": "jpeg,jpg,png,gif,webp",
        "image_list": reverse("admin:library_image_list"),
    }
