"""`/wp/v2/media`: the media library as WordPress's attachments.

Uploads come as WordPress takes them: the file as the whole body (`Content-Type` and
`Content-Disposition: attachment; filename=…`), or as the `file` field of a multipart
form. Both go through the library's one upload check (`MediaItem.objects.upload`,
`library/uploads.py`): the same limits and refusals as the Media screen, and nothing
half-saved. A body larger than any upload may be is refused by its Content-Length before
a byte of it is read; one that does not say its length is cut off as it arrives by the
library's upload handler, so no upload is ever held whole in memory.

Permissions are the Media screen's: uploading is `library.add_mediaitem`, changing and
deleting one's own items (Editors: anyone's). Everyone may read the library, as its files
are public at their addresses and WordPress lists attachments to anyone.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from rest_framework import parsers, status
from rest_framework.response import Response

from library.models import MediaItem
from library.upload_handlers import upload_limit

from . import representations, rules
from .base import WordPressView
from .errors import ApiError, invalid_param
from .writing import MediaWrite

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "application/json")
# The library's refusals of a file for its size, in bytes or pixels.
TOO_BIG = {"file_too_large", "image_too_large"}
MEDIA_TYPES = ("image", "video", "text", "application", "audio")


class MediaViewMixin(WordPressView):
    # After the form parsers, any other content type is a raw upload of one file.
    parser_classes = [*WordPressView.parser_classes, parsers.FileUploadParser]

    def get_queryset(self):
        return MediaItem.objects.all()

    def as_json(self, item, *, written=False):
        edit = written or self.context_name == "edit"
        return representations.media_json(item, edit=edit)

    def written_fields(self, data):
        form = MediaWrite(data=data, partial=True)
        if not form.is_valid():
            raise invalid_param(form.errors)
        return form.fields_for_item()


class MediaList(MediaViewMixin):
    def get(self, request):
        if self.context_name == "edit" and not rules.may_upload_media(request.user):
            self.forbid("rest_forbidden_context", "Sorry, you are not allowed to edit media.")
        items = self.filter(self.get_queryset()).order_by("-uploaded_at", "-pk")
        page = self.paginate_queryset(items)
        return self.get_paginated_response([self.as_json(item) for item in page])

    def filter(self, items):
        params = self.request.query_params
        if media_type := params.get("media_type"):
            if media_type not in MEDIA_TYPES:
                raise ApiError(
                    "rest_invalid_param",
                    "Invalid parameter(s): media_type",
                    params={"media_type": f"media_type is not one of {', '.join(MEDIA_TYPES)}."},
                )
            items = items.filter(mime_type__startswith=f"{media_type}/")
        if mime_type := params.get("mime_type"):
            items = items.filter(mime_type=mime_type)
        if authors := self.ids_param("author"):
            items = items.filter(uploaded_by__in=authors)
        if include := self.ids_param("include"):
            items = items.filter(pk__in=include)
        if query := params.get("search", "").strip():
            for word in query.split():
                items = items.filter(
                    Q(title__icontains=word)
                    | Q(caption__icontains=word)
                    | Q(alt__icontains=word)
                    | Q(file__icontains=word)
                )
        return items

    def post(self, request):
        if not rules.may_upload_media(request.user):
            self.forbid(
                "rest_cannot_create", "Sorry, you are not allowed to upload media on this site."
            )
        raw = self.is_raw_upload()
        upload = request.FILES.get("file")
        if upload is None:
            raise ApiError("rest_upload_no_data", "No data supplied.")
        sent = request.query_params if raw else request.data
        fields = {name: sent.get(name) for name in sent if name != "file"}
        try:
            item = MediaItem.objects.upload(
                upload, uploaded_by=request.user, **self.written_fields(fields)
            )
        except ValidationError as error:
            raise refusal(error) from error
        return Response(
            self.as_json(item, written=True),
            status=status.HTTP_201_CREATED,
            headers={"Location": representations.api_url("media-detail", pk=item.pk)},
        )

    def is_raw_upload(self):
        """Check what can be checked of a raw upload before its body is read; False for a
        form (whose `file` field is checked by the library)."""
        request = self.request
        content_type = request.content_type.split(";")[0].strip().lower()
        if content_type in FORM_TYPES:
            return False
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) == 0:
            raise ApiError("rest_upload_no_data", "No data supplied.")
        if int(length) > upload_limit():
            raise refusal(ValidationError("", code="file_too_large"), limit=upload_limit())
        if not content_type:
            raise ApiError("rest_upload_no_content_type", "No Content-Type supplied.")
        context = {"request": request, "kwargs": {}}
        if not parsers.FileUploadParser().get_filename(None, None, context):
            raise ApiError("rest_upload_no_content_disposition", "No Content-Disposition supplied.")
        return True


def refusal(error, *, limit=None):
    """The library's refusal as WordPress words it: too big, or not taken (its message)."""
    if error.code in TOO_BIG:
        if limit is not None:
            message = f"This file is too big. Files must be less than {filesizeformat(limit)}."
        else:
            message = " ".join(error.messages)
        return ApiError("rest_upload_file_too_big", message, 413)
    return ApiError("rest_upload_sideload_error", " ".join(error.messages), 400)


class MediaDetail(MediaViewMixin):
    def get_object(self):
        item = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if item is None:
            raise ApiError("rest_post_invalid_id", "Invalid post ID.", 404)
        return item

    def get(self, request, pk):
        item = self.get_object()
        if self.context_name == "edit" and not rules.may_change_media(request.user, item):
            self.forbid("rest_forbidden_context", "Sorry, you are not allowed to edit this post.")
        return Response(self.as_json(item))

    def post(self, request, pk):
        item = self.get_object()
        if not rules.may_change_media(request.user, item):
            self.forbid("rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
        if not isinstance(request.data, dict):
            raise ApiError("rest_invalid_param", "Invalid parameter(s): body")
        fields = self.written_fields(request.data)
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=list(fields) or None)
        return Response(self.as_json(item, written=True))

    put = patch = post

    def delete(self, request, pk):
        item = self.get_object()
        if not rules.may_change_media(request.user, item, "delete"):
            self.forbid("rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
        if request.query_params.get("force") not in ("1", "true"):
            raise ApiError(
                "rest_trash_not_supported",
                "The post does not support trashing. Set 'force=true' to delete.",
                501,
            )
        previous = self.as_json(item, written=True)
        item.delete()
        return Response({"deleted": True, "previous": previous})
