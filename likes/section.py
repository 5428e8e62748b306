"""The likes section of a post page: the button, "N bloggers like this", the latest likers."""

from django.db.models import Count, Window
from django.middleware.csrf import get_token

from core.avatars import avatar_url

from .models import Like

LIKERS_SHOWN = 10
AVATAR_SIZE = 32


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
