"""Who may do what through the APIs: the same rules as the admin, so that an
application password can do what its user can do there, no more."""

from posts.admin import may_edit_others


def may_write_posts(user):
    return user.is_authenticated and user.is_staff and user.has_perm("posts.add_post")


def may_edit(user, post):
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("posts.change_post")
        and (post.author_id == user.pk or may_edit_others(user))
    )


def may_delete(user, post):
    return may_edit(user, post) and user.has_perm("posts.delete_post")


def may_assign_author(user, author):
    return author == user or may_edit_others(user)


def may_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")
