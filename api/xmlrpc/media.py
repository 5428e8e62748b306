"""Files over XML-RPC: wp.uploadFile and metaWeblog.newMediaObject into the media library,
wp.getMediaLibrary and wp.getMediaItem out of it.

An upload takes the library's one way in (`MediaItem.objects.upload`, whose
`uploads.check` recognises files by their content and opens images with
Pillow), so a file the admin's upload screen refuses is refused here, with
WordPress's fault and the library's reason. The request's size was bounded
before it was parsed (core/xmlrpc.py).
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import MediaItem
from posts.models import Post

from .. import rules
from . import structs
from .base import Fault, as_id, method, not_allowed, struct


@method("wp.uploadFile", "metaWeblog.newMediaObject", write=True)
def upload_file(request, user, blog_id, data):
    data = struct(data)
    if not rules.may_upload_media(user):
        raise not_allowed("Sorry, you are not allowed to upload files.")
    name = str(data.get("name") or "file")
    bits = data.get("bits")
    if not isinstance(bits, bytes):
        raise Fault(500, f"Could not write file {name} (the file's bits must be base64).")
    if data.get("post_id"):
        post = Post.objects.filter(pk=as_id(data["post_id"])).first()
        if post is None or not rules.may_edit(user, post):
            raise not_allowed("Sorry, you are not allowed to edit this post.")
    upload = SimpleUploadedFile(name, bits, content_type=str(data.get("type") or ""))
    try:
        item = MediaItem.objects.upload(upload, uploaded_by=user)
    except ValidationError as exc:
        raise Fault(500, f"Could not write file {name} ({' '.join(exc.messages)})") from exc
    answer = structs.media_struct(item)
    # The members WordPress still sends for older clients.
    answer.update(id=answer["attachment_id"], file=item.filename, url=answer["link"])
    return answer


@method("wp.getMediaLibrary")
def get_media_library(request, user, blog_id, query=None):
    query = struct(query or {})
    if not rules.may_upload_media(user):
        raise not_allowed("Sorry, you are not allowed to upload files.")
    items = structs.media_items()
    if mime_type := query.get("mime_type"):
        mime_type = str(mime_type)
        items = items.filter(mime_type__startswith=mime_type.rstrip("*").rstrip("/"))
    offset = as_id(query.get("offset", 0))
    number = as_id(query.get("number", 0))
    items = items[offset : offset + number] if number else items[offset:]
    return [structs.media_struct(item) for item in items]


@method("wp.getMediaItem")
def get_media_item(request, user, blog_id, attachment_id):
    if not rules.may_upload_media(user):
        raise Fault(403, "Sorry, you are not allowed to upload files.")
    item = structs.media_items().filter(pk=as_id(attachment_id)).first()
    if item is None:
        raise Fault(404, "Invalid attachment ID.")
    return structs.media_struct(item)
