"""Who may do what through the APIs: the same rules as the admin, so that an
application password can do what its user can do there, no more. REST and
XML-RPC both ask here."""

from posts import review
from posts.admin import may_edit_others
from posts.admin import may_upload as may_upload_to_library


def may_write_posts(user):
    return user.is_authenticated and user.is_staff and user.has_perm("posts.add_post")


def may_edit(user, post):
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("posts.change_post")
        and (post.author_id == user.pk or may_edit_others(user))
    )


def editable(user, posts):
    """The posts of `posts` that `may_edit` allows `user`, as a QuerySet."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("posts.change_post")):
        return posts.none()
    return posts if may_edit_others(user) else posts.filter(author=user)


def may_delete(user, post):
    return may_edit(user, post) and user.has_perm("posts.delete_post")


def may_publish(user):
    """Publishing, scheduling and private posts: not for Contributors (posts/review.py)."""
    return review.may_publish(user)


def may_upload(user):
    """Putting files in the media library (Authors and Editors, not Contributors)."""
    return user.is_authenticated and may_upload_to_library(user)


def may_assign_author(user, author):
    return author == user or may_edit_others(user)


def may_stick(user):
    """Sticky posts are the Editors' call, as in WordPress."""
    return may_edit_others(user)


def may_add_term(user, model):
    return user.is_authenticated and user.has_perm(f"posts.add_{model._meta.model_name}")


def may_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")
