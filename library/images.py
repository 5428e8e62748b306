"""Images in the library: refuse what is not a safe image, keep what pages need.

The one path every image takes (library uploads, the editor's uploads, featured
images, imports): an upload is opened with Pillow before it is stored, and
anything that is not a real image, is too large in bytes or pixels, or is a
decompression bomb is refused with a message the author can act on. What is
stored is re-encoded (EXIF orientation applied, metadata dropped), and smaller
renditions are written beside it for `srcset`.
"""

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

SAVE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Cameras write JPEGs with extra pictures (MPO); the first picture is a JPEG.
ENCODE_AS = {"MPO": "JPEG"}


def validate_image(upload):
    """A real, reasonably sized image in a format pages can show, or a ValidationError."""
    if upload is None or getattr(upload, "_committed", False):
        return  # nothing new: a stored image was checked when it was uploaded
    max_bytes = settings.FEATURED_IMAGE_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            "This image is %(size)s; the largest accepted is %(max)s.",
            code="image_too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )
    max_pixels = settings.FEATURED_IMAGE_MAX_PIXELS
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    "This image is %(w)s×%(h)s pixels; the most accepted is "
                    "%(max)s megapixels. Scale it down and upload it again.",
                    code="image_too_many_pixels",
                    params={"w": width, "h": height, "max": f"{max_pixels / 1_000_000:g}"},
                )
            if image.format not in SAVE_FORMATS:
                raise ValidationError(
                    "Images in %(format)s format are not accepted; use JPEG, PNG, GIF or WebP.",
                    code="image_format",
                    params={"format": image.format},
                )
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "This image declares more pixels than it is safe to open.",
            code="image_bomb",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "The file is not an image, or it is damaged.", code="image_invalid"
        ) from exc
    finally:
        upload.seek(0)


def format_of(upload):
    """Pillow's name for the format of an image already validated."""
    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format
    upload.seek(0)
    return fmt


def normalized(upload):
    """Re-encode an upload: orientation applied, EXIF and other metadata dropped."""
    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format
        image = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        _save(image, buffer, fmt)
    name = PurePosixPath(upload.name).stem + "." + SAVE_FORMATS[fmt]
    return ContentFile(buffer.getvalue(), name=name)


def rendition_name(name, width):
    """Where the rendition `width` pixels wide of the stored image `name` is kept, beside
    it: `a/b.jpg` → `a/b-640w.jpg`. One rule, so that whatever removes an image finds its
    renditions by the name alone."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w{path.suffix}"))


def make_renditions(field_file):
    """Write downscaled copies of a stored image; return their descriptions.

    Each rendition is `{"url", "width", "height"}`, smallest first, and the
    list ends with the original so `srcset` always offers it.
    """
    renditions = []
    with field_file.open("rb"), Image.open(field_file) as image:
        image.load()
        fmt = image.format
        original_width, original_height = image.size
        for width in sorted(settings.FEATURED_IMAGE_WIDTHS):
            if width >= original_width:
                break
            height = round(original_height * width / original_width)
            copy = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            _save(copy, buffer, fmt)
            name = rendition_name(field_file.name, width)
            storage = field_file.storage
            stored = storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append({"url": storage.url(stored), "width": width, "height": height})
    renditions.append({"url": field_file.url, "width": original_width, "height": original_height})
    return renditions


def srcset(renditions):
    """The `srcset` attribute for a list of renditions."""
    return ", ".join(f"{r['url']} {r['width']}w" for r in renditions)


def _save(image, buffer, fmt):
    fmt = ENCODE_AS.get(fmt, fmt)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options = {"quality": 85, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
    image.save(buffer, format=fmt, **options)
