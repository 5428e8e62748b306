"""A guest's press of Like, kept in the session until they have signed in.

Only a press that carried a valid CSRF token is kept (see `views.LikeView`):
nothing is recorded on the strength of a request another site could have forged.
"""

import time

from posts.models import Post

from .models import Like

SESSION_KEY = "likes:pending"
# A guest's press is fulfilled only if they sign in within this many seconds.
MAX_AGE = 30 * 60


def remember(request, post):
    request.session[SESSION_KEY] = [post.pk, time.time()]


def finish_pending_like(sender, request, user, **kwargs):
    """`user_logged_in` receiver: record the like the reader asked for as a guest."""
    session = getattr(request, "session", None)
    pending = session.pop(SESSION_KEY, None) if session is not None else None
    if not pending:
        return
    post_id, pressed_at = pending
    if time.time() - pressed_at > MAX_AGE:
        return
    if post := Post.entries.published().filter(pk=post_id).first():
        Like.objects.like(post, user)
