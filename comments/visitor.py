"""What a comment's own author sees that nobody else does, without a session.

After posting, the author is sent back to the post with the comment's id and
a signature in the URL (as WordPress does); that URL alone shows them their
held comment "awaiting moderation". Their name, email and website are kept
in cookies only if they asked, for the form to fill itself in next time.
"""

from urllib.parse import quote, urlencode

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
    """The post, at the comment page where the new comment shows."""
    if comment.status == Comment.Status.APPROVED:
        return comment.url_on_post_page()
    signed = signing.TimestampSigner(salt=SALT).sign(str(comment.pk))
    params = {"unapproved": comment.pk, "moderation-hash": signed.partition(":")[2]}
    if (page := comment.page_number()) > 1:
        params["cpage"] = page
    return f"{comment.post.get_absolute_url()}?{urlencode(params)}#comment-{comment.pk}"


def held_comment(request, post):
    """The visitor's own pending comment on this post, if the URL proves it is theirs."""
    comment_id = positive_int(request.GET.get("unapproved"))
    signature = request.GET.get("moderation-hash", "")
    if comment_id is None or not signature:
        return None
    try:
        signing.TimestampSigner(salt=SALT).unsign(
            f"{comment_id}:{signature}", max_age=HELD_COMMENT_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=comment_id, post=post, status=Comment.Status.PENDING).first()


def remember(response, comment):
    for cookie, field in DETAIL_COOKIES.items():
        response.set_cookie(
            cookie,
            quote(getattr(comment, field), safe=""),  # read back with decodeURIComponent
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def forget(response):
    for cookie in DETAIL_COOKIES:
        response.delete_cookie(cookie, samesite="Lax")
