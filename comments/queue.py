"""The moderation queue's row actions, as WordPress's Comments screen has them.

One comment at a time: approve, unapprove, spam, not spam, trash, restore,
delete permanently, and undo of the last of them. Each status change goes
through `Comment.set_status`, so the post's count, the mails and the page
cache follow as they do for every other change. Which actions a row offers
depends on the comment's status, and an action a comment's status does not
offer is refused (a second click on a row another moderator already moved).
"""

from dataclasses import dataclass

from django.core import signing

from core.sanitize import sanitize_comment_html

from . import moderation
from .models import Comment

Status = Comment.Status
UNDO_SALT = "comments.queue-undo"
# The page offers the undo for a few seconds; the server honours it a little longer.
UNDO_MAX_AGE = 300


@dataclass(frozen=True)
class Action:
    label: str
    status: str
    done: str


ACTIONS = {
    "approve": Action("Approve", Status.APPROVED, "approved"),
    "unapprove": Action("Unapprove", Status.PENDING, "unapproved"),
    "spam": Action("Spam", Status.SPAM, "marked as spam"),
    "unspam": Action("Not Spam", Status.PENDING, "restored from spam"),
    "trash": Action("Trash", Status.TRASH, "moved to the trash"),
    "restore": Action("Restore", Status.PENDING, "restored from the trash"),
}
DELETE = "delete"
# The row actions each status offers, in WordPress's order; reply and quickedit are forms.
OFFERED = {
    Status.PENDING: ["approve", "reply", "quickedit", "spam", "trash"],
    Status.APPROVED: ["unapprove", "reply", "quickedit", "spam", "trash"],
    Status.SPAM: ["unspam", DELETE],
    Status.TRASH: ["restore", DELETE],
}


class NotOffered(Exception):
    """The action exists but this comment's status does not offer it."""


def offered(comment, action):
    return action in OFFERED[comment.status]


def act(comment, action, user):
    """Run `action` on `comment`; the signed token that undoes it."""
    if action not in ACTIONS or not offered(comment, action):
        raise NotOffered(action)
    before = (comment.status, comment.moderation_reason)
    target = ACTIONS[action]
    comment.set_status(target.status, reason=f"{target.done} by {user.get_username()}")
    return undo_token(comment, *before)


def undo_token(comment, status, reason):
    return signing.dumps(
        {"c": comment.pk, "from": status, "reason": reason, "to": comment.status},
        salt=UNDO_SALT,
    )


def read_undo_token(token, comment):
    """The status and reason to go back to; BadSignature if the token is not for this comment."""
    data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    if data.get("c") != comment.pk or data.get("from") not in Status.values:
        raise signing.BadSignature("not an undo of this comment")
    return data


def undo(comment, token):
    """Put the comment back as it was before the action `token` came from.

    Refused (NotOffered) when the comment has moved on since: someone else acted on it.
    """
    data = read_undo_token(token, comment)
    if comment.status != data["to"]:
        raise NotOffered("undo")
    comment.set_status(data["from"], reason=data["reason"] or "")


def delete(comment):
    """Delete a spam or trashed comment for good (no undo)."""
    if not offered(comment, DELETE):
        raise NotOffered(DELETE)
    comment.delete()


def reply(comment, user, text, ip=None):
    """Publish `text` as `user`'s answer to `comment`, approving the comment if it was held."""
    if not offered(comment, "reply"):
        raise NotOffered("reply")
    if comment.status == Status.PENDING:
        comment.set_status(Status.APPROVED, reason=f"approved by {user.get_username()} (replied)")
    answer = Comment(
        post=comment.post,
        parent=comment,
        user=user,
        author_name=user.get_full_name() or user.get_username(),
        author_email=user.email,
        body=sanitize_comment_html(text),
        ip=ip,
    )
    moderation.admit(answer, decision=moderation.Decision(Status.APPROVED, "reply from the admin"))
    return answer


def quick_edit(comment, *, author_name, author_email, author_url, body):
    """Correct who wrote a comment and what it says, as a moderator, without moderating it."""
    if not offered(comment, "quickedit"):
        raise NotOffered("quickedit")
    comment.author_name = author_name
    comment.author_email = author_email
    comment.author_url = author_url
    comment.body = sanitize_comment_html(body)
    comment.save(update_fields=["author_name", "author_email", "author_url", "body"])
