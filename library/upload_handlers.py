"""Uploads too large for the library are cut off while they arrive, not after.

Django writes an upload to memory or a temporary file as it streams in; a 200 MB
file would be stored whole before any form could look at its size. This handler,
first in `FILE_UPLOAD_HANDLERS`, counts each file's bytes: once a file passes the
largest size the library accepts, the rest of it is read off the connection and
dropped, and the form receives a `RefusedUpload` in its place, which
`uploads.check` answers with a clear message.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def upload_limit():
    """The most bytes of one file any upload may send: past it, nothing more is kept."""
    return max(settings.FEATURED_IMAGE_MAX_BYTES, settings.LIBRARY_FILE_MAX_BYTES)


class RefusedUpload(UploadedFile):
    """Stands for a file that was larger than any upload may be; holds none of it."""

    def __init__(self, name, content_type, size_seen):
        super().__init__(file=None, name=name, content_type=content_type, size=size_seen)

    def open(self, mode=None):
        return self

    def read(self, *args):
        return b""

    def seek(self, *args):
        return 0

    def close(self):
        pass


class UploadSizeLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limit()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return RefusedUpload(self.file_name, self.content_type, self.received)
        return None
