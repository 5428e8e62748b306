"""The Like button's endpoint: `POST /likes/<post id>/`, and a token for cached pages.

The Like button is a small form that posts here with the state it asks for
(like or unlike), so a double submit cannot undo itself. Signed in, the like is
recorded or taken back and the reader goes back to the post, or, when
static/js/likes.js asks for JSON, gets the fresh likes section to show in place.

A guest is sent to sign in, with a message that says why. Post pages are cached
for guests and carry no CSRF token; the page's script fetches one before sending
the press. A press that carries a valid token is kept in the session and
fulfilled as soon as the guest has signed in (`pending.py`), so they come back
to a post they like. A press without one (no JavaScript) only leads to the
sign-in page.
"""

from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from core.client import client_ip
from core.csrf import csrf_failure, token_response, wants_json
from core.ratelimit import allow, too_many
from posts.models import Post

from . import pending
from .models import Like
from .section import section_context

# Presses one reader, and one address, may make per PRESS_PERIOD seconds: each press
# changes pages for everyone, so a reader toggling in a loop must not.
PRESSES_PER_READER = 20
PRESSES_PER_ADDRESS = 60
PRESS_PERIOD = 60


SIGN_IN_TO_LIKE = "Sign in to like this post: you will go back to it once you have."


def sign_in_url(post):
    return f"{reverse('account_login')}?{urlencode({'next': f'{post.get_absolute_url()}#likes'})}"


@method_decorator(csrf_exempt, name="dispatch")
class LikeView(View):
    """`POST /likes/<post id>/` with `action` like or unlike; see the module's docstring."""

    http_method_names = ["post"]
    actions = {"like": Like.objects.like, "unlike": Like.objects.unlike}

    def post(self, request, pk):
        post = get_object_or_404(Post.entries.published(), pk=pk)
        action = request.POST.get("action", "like")
        if action not in self.actions:
            return HttpResponseBadRequest("action must be like or unlike")
        rejected = csrf_failure(request)

        if not request.user.is_authenticated:
            if rejected is None and action == "like":
                pending.remember(request, post)
            messages.info(request, SIGN_IN_TO_LIKE)
            if wants_json(request):
                return JsonResponse({"login_url": sign_in_url(post)}, status=401)
            return redirect(sign_in_url(post))

        if rejected is not None:
            return rejected
        if not self.may_press(request):
            if wants_json(request):
                return JsonResponse({"error": "Too many likes: wait a minute."}, status=429)
            return too_many(request)
        self.actions[action](post, request.user)
        if wants_json(request):
            context = section_context(request, post)
            html = render_to_string("likes/_likes.html", context, request=request)
            return JsonResponse(
                {"liked": context["liked"], "count": context["count"], "html": html}
            )
        return redirect(f"{post.get_absolute_url()}#likes")

    @staticmethod
    def may_press(request):
        by_reader = allow(
            "like-reader", request.user.pk, limit=PRESSES_PER_READER, period=PRESS_PERIOD
        )
        by_address = allow(
            "like-address", client_ip(request), limit=PRESSES_PER_ADDRESS, period=PRESS_PERIOD
        )
        return by_reader and by_address


@require_GET
@never_cache
def token(request):
    """A CSRF token for the Like button of a cached page (which carries none)."""
    return token_response(request)
