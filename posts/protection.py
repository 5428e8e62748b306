"""Password-protected posts: which ones this browser session has unlocked."""

SESSION_KEY = "unlocked_posts"


def is_unlocked(request, post):
    if not post.password:
        return True
    return post.pk in request.session.get(SESSION_KEY, [])


def unlock(request, post):
    unlocked = request.session.get(SESSION_KEY, [])
    if post.pk not in unlocked:
        request.session[SESSION_KEY] = [*unlocked, post.pk]
