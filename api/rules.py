"""Who may do what through the APIs: the same rules as the admin, so that an
application password can do what its user can do there, no more. REST and
XML-RPC both ask here.

Posts and pages share the rules, each with its own permissions (`posts.change_post`,
`posts.change_page`: Editors manage pages, Authors and Contributors do not); media
follows the library's Media screen (`library/admin.py`).
"""

from posts.admin import may_edit_others, may_upload
from posts.review import may_publish


def _perm(user, action, kind):
    return user.has_perm(f"posts.{action}_{kind}")


def may_write_posts(user, kind="post"):
    return user.is_authenticated and user.is_staff and _perm(user, "add", kind)


def may_edit(user, post):
    return (
        user.is_authenticated
        and user.is_staff
        and _perm(user, "change", post.kind)
        and (post.author_id == user.pk or may_edit_others(user))
    )


def editable(user, posts, kind="post"):
    """The entries of `posts` that `may_edit` allows `user`, as a QuerySet."""
    if not (user.is_authenticated and user.is_staff and _perm(user, "change", kind)):
        return posts.none()
    return posts if may_edit_others(user) else posts.filter(author=user)


def may_delete(user, post):
    return may_edit(user, post) and _perm(user, "delete", post.kind)


def may_assign_author(user, author):
    return author == user or may_edit_others(user)


def may_stick(user):
    """Sticky posts are the Editors' call, as in WordPress."""
    return may_edit_others(user)


def may_add_term(user, model):
    return user.is_authenticated and user.has_perm(f"posts.add_{model._meta.model_name}")


def may_set_status(user, wp_status):
    """Contributors may save drafts and submit for review; publishing (now, later or
    privately) is for those with `posts.publish_posts`, as on the post screen."""
    return wp_status in (None, "draft", "pending") or may_publish(user)


def may_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")


def may_upload_media(user):
    return user.is_authenticated and user.is_staff and may_upload(user)


def may_change_media(user, item, action="change"):
    """The Media screen's rule: one's own uploads, or anyone's with `edit_others_media`."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"library.{action}_mediaitem")
        and item.editable_by(user)
    )
