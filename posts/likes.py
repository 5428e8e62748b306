"""Likes: "N bloggers like this", one like per signed-in reader and post.

The Like button is a small form that posts here with the state it asks for
(like or unlike), so a double submit cannot undo itself. Signed in, the like is
recorded or taken back and the reader goes back to the post, or, when
static/js/likes.js asks for JSON, gets the fresh likes section to show in place.

A guest is sent to sign in. Post pages are cached for guests and carry no CSRF
token; the page's script fetches one before sending the press. A press that
carries a valid token is kept in the session and fulfilled as soon as the guest
has signed in (`finish_pending_like`), so they come back to a post they like.
A press without one (no JavaScript) only leads to the sign-in page: nothing is
recorded on the strength of a request another site could have forged.
"""

import time

from django.db import IntegrityError, transaction
from django.db.models import Count, Window
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from comments.avatars import avatar_url

from .models import Like, Post

LIKERS_SHOWN = 10
AVATAR_SIZE = 32
PENDING_SESSION_KEY = "likes:pending"
# A guest's press is fulfilled only if they sign in within this many seconds.
PENDING_MAX_AGE = 30 * 60


def like(post, user):
    """`user` likes `post`. Liking again (a double submit, a second tab) leaves one like."""
    try:
        with transaction.atomic():
            Like.objects.create(post=post, user=user)
    except IntegrityError:
        pass  # the unique constraint kept the like we already had


def unlike(post, user):
    Like.objects.filter(post=post, user=user).delete()


def section_context(request, post):
    """The likes section of a post: one query, plus one for a signed-in reader in some cases.

    The count rides on the likers' query as a window aggregate. The page is the
    same for every guest (it is cached): no token, no "you like this".
    """
    latest = list(
        Like.objects.filter(post=post)
        .select_related("user")
        .annotate(total=Window(Count("pk")))
        .order_by("-created", "-pk")[:LIKERS_SHOWN]
    )
    count = latest[0].total if latest else 0
    user = request.user
    signed_in = user.is_authenticated
    liked = signed_in and (
        any(like.user_id == user.pk for like in latest)
        or (count > len(latest) and Like.objects.filter(post=post, user=user).exists())
    )
    return {
        "post": post,
        "count": count,
        "likers": [
            {
                "name": like.user.get_full_name() or like.user.get_username(),
                "avatar": avatar_url(like.user.email, AVATAR_SIZE),
            }
            for like in latest
        ],
        "liked": liked,
        "signed_in": signed_in,
        "avatar_size": AVATAR_SIZE,
        "form_csrf_token": get_token(request) if signed_in else "",
    }


def csrf_failure(request):
    """Django's CSRF check, run here: the 403 response when it fails, else None."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


def wants_json(request):
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def sign_in_url(post):
    return f"{reverse('account_login')}?{urlencode({'next': f'{post.get_absolute_url()}#likes'})}"


@method_decorator(csrf_exempt, name="dispatch")
class LikeView(View):
    """`POST /likes/<post id>/` with `action` like or unlike; see the module's docstring."""

    http_method_names = ["post"]
    actions = {"like": like, "unlike": unlike}

    def post(self, request, pk):
        post = get_object_or_404(Post.objects.published(), pk=pk)
        action = request.POST.get("action", "like")
        if action not in self.actions:
            return HttpResponseBadRequest("action must be like or unlike")
        rejected = csrf_failure(request)

        if not request.user.is_authenticated:
            if rejected is None and action == "like":
                request.session[PENDING_SESSION_KEY] = [post.pk, time.time()]
            if wants_json(request):
                return JsonResponse({"login_url": sign_in_url(post)}, status=401)
            return redirect(sign_in_url(post))

        if rejected is not None:
            return rejected
        self.actions[action](post, request.user)
        if wants_json(request):
            context = section_context(request, post)
            html = render_to_string("posts/_likes.html", context, request=request)
            return JsonResponse(
                {"liked": context["liked"], "count": context["count"], "html": html}
            )
        return redirect(f"{post.get_absolute_url()}#likes")


@require_GET
@never_cache
def token(request):
    """A CSRF token for the Like button of a cached page (which carries none)."""
    return JsonResponse({"csrf": get_token(request)})


def finish_pending_like(sender, request, user, **kwargs):
    """On sign-in, record the like the reader asked for as a guest (see the module docstring)."""
    session = getattr(request, "session", None)
    pending = session.pop(PENDING_SESSION_KEY, None) if session is not None else None
    if not pending:
        return
    post_id, pressed_at = pending
    if time.time() - pressed_at > PENDING_MAX_AGE:
        return
    if post := Post.objects.published().filter(pk=post_id).first():
        like(post, user)


app_name = "likes"
urlpatterns = [
    path("token/", token, name="token"),
    path("<int:pk>/", LikeView.as_view(), name="like"),
]
