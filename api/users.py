"""`/wp/v2/users`: who wrote the public posts, and `me` for the signed-in tool."""

from django.contrib.auth import get_user_model
from rest_framework.response import Response

from posts.models import Post

from . import representations
from .base import WordPressView
from .errors import ApiError


class UserMe(WordPressView):
    def get(self, request):
        self.require_sign_in("rest_not_logged_in", "You are not currently logged in.")
        return Response(representations.user_json(request.user, edit=self.context_name == "edit"))


class UserDetail(WordPressView):
    """A user the public may see: one with published posts, as WordPress shows them."""

    def get(self, request, pk):
        authors = get_user_model().objects.filter(pk__in=Post.objects.published().values("author"))
        user = authors.filter(pk=pk).first()
        if user is None and request.user.is_authenticated and request.user.pk == pk:
            user = request.user
        if user is None:
            raise ApiError("rest_user_invalid_id", "Invalid user ID.", 404)
        return Response(representations.user_json(user))
