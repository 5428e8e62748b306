"""What a comment's own author sees that nobody else does, without a session.

After posting, the author is sent back to the post with the comment's id and
a signature in the URL (as WordPress does): `unapproved` and `moderation-hash`
for a held comment, which that URL alone shows them "awaiting moderation";
`own-comment` and `moderation-hash` for a guest's approved one. The same
signature is the guest's key to edit or delete the comment for a while
(comments/editing.py); a signed-in reader needs none. Such URLs pass by the
page cache (`moderation-hash` is one of its bypass parameters).

Name, email and website are kept in cookies only if the reader asked, for the
form to fill itself in next time. The cookies are HttpOnly: the form's script
gets them back through the form-token endpoint (`saved_details`), so no
script on a page can read the reader's email address from `document.cookie`.
"""

from urllib.parse import quote, unquote, urlencode

from django.conf import settings
from django.core import signing

from core.params import positive_int

from .models import Comment

SALT = "comments.unapproved"
COOKIE_MAX_AGE = 365 * 24 * 3600
# As in WordPress, the author sees their held comment for ten minutes.
HELD_COMMENT_LINK_MAX_AGE = 600
DETAIL_COOKIES = {
    "comment_author": "author_name",
    "comment_author_email": "author_email",
    "comment_author_url": "author_url",
}


def url_after_posting(comment):
    """The post, at the comment page where the new comment shows.

    A held comment, and a guest's approved one, come with their signed key.
    """
    approved = comment.status == Comment.Status.APPROVED
    if approved and comment.user_id:
        return comment.url_on_post_page()
    params = {
        "own-comment" if approved else "unapproved": comment.pk,
        "moderation-hash": author_key(comment),
    }
    if (page := comment.page_number()) > 1:
        params["cpage"] = page
    return f"{comment.post.get_absolute_url()}?{urlencode(params)}#comment-{comment.pk}"


def author_key(comment):
    """The signature that proves a visitor wrote this comment (given once, after posting)."""
    return signing.TimestampSigner(salt=SALT).sign(str(comment.pk)).partition(":")[2]


def proves_authorship(comment_id, key, max_age):
    try:
        signing.TimestampSigner(salt=SALT).unsign(f"{comment_id}:{key}", max_age=max_age)
    except signing.BadSignature:
        return False
    return True


def signed_comment(request):
    """(comment id, key) from a URL after posting, or (None, "")."""
    comment_id = positive_int(request.GET.get("unapproved") or request.GET.get("own-comment"))
    key = request.GET.get("moderation-hash", "")
    if comment_id is None or not key:
        return None, ""
    return comment_id, key


def held_comment(request, post):
    """The visitor's own pending comment on this post, if the URL proves it is theirs."""
    comment_id = positive_int(request.GET.get("unapproved"))
    key = request.GET.get("moderation-hash", "")
    if comment_id is None or not proves_authorship(comment_id, key, HELD_COMMENT_LINK_MAX_AGE):
        return None
    return Comment.objects.filter(pk=comment_id, post=post, status=Comment.Status.PENDING).first()


def saved_details(request):
    """What "Save my name, email, and website" kept, for the form's script to fill in."""
    return {
        field: unquote(request.COOKIES.get(cookie, "")) for cookie, field in DETAIL_COOKIES.items()
    }


def remember(response, comment):
    for cookie, field in DETAIL_COOKIES.items():
        response.set_cookie(
            cookie,
            quote(getattr(comment, field), safe=""),
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def forget(response):
    for cookie in DETAIL_COOKIES:
        response.delete_cookie(cookie, samesite="Lax")
