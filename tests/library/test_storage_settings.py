"""Where uploads are kept is chosen by the environment alone: MEDIA_ROOT on disk by
default, S3-compatible object storage with MEDIA_STORAGE=s3. The settings are read in a
fresh Python, as a server reads them; nothing here reaches the network."""

import json

from tests.blogsite.test_deploy import run_as_a_server

REPORT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "backend": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "domain": getattr(default_storage, "custom_domain", None),
    "querystring_auth": getattr(default_storage, "querystring_auth", None),
    "url": default_storage.url("library/2026/01/a.jpg"),
    "img_src": settings.SECURE_CSP["img-src"],
    "media_src": settings.SECURE_CSP["media-src"],
}))
"""
SERVER = {"SECRET_KEY": "s" * 50, "DJANGO_SETTINGS_MODULE": "blogsite.settings"}


def storage_with(**environment):
    result = run_as_a_server("-c", REPORT, **SERVER, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_uploads_stay_on_disk_by_default():
    found = storage_with()
    assert found["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["url"] == "/media/library/2026/01/a.jpg"
    assert found["media_src"] == ["'self'"]


def test_environment_variables_alone_switch_to_s3_compatible_storage():
    found = storage_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="blog-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
    )
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert (found["bucket"], found["endpoint"]) == ("blog-media", "https://objects.example.net")
    assert found["domain"] == "media.example.com"
    assert found["querystring_auth"] is False  # public URLs that bodies can keep
    assert found["url"] == "https://media.example.com/library/2026/01/a.jpg"
    # Pages may load images and media from there, and from nowhere else new.
    assert "https://media.example.com" in found["img_src"]
    assert found["media_src"] == ["'self'", "https://media.example.com"]


def test_without_a_custom_domain_the_endpoint_is_the_media_origin():
    found = storage_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="blog-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net/",
    )
    assert found["media_src"] == ["'self'", "https://objects.example.net"]
