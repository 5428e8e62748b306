"""Post and comment statuses in WordPress's words and in ours, for both directions.

Each export map is written once; the matching import map is its inverse plus the other
words WordPress writes for the same thing, so what the exporter writes always imports
back as it was and the two cannot drift apart.
"""

from comments.models import Comment
from posts.models import Post

# A published post whose date is still to come: WordPress says "future"; here it is a
# published post with that date, which is what makes it scheduled.
SCHEDULED = "future"

POST_STATUS_TO_WP = {
    Post.Status.PUBLISHED: "publish",
    Post.Status.DRAFT: "draft",
    Post.Status.PENDING: "pending",
    Post.Status.PRIVATE: "private",
}
POST_STATUS_FROM_WP = {wp: ours for ours, wp in POST_STATUS_TO_WP.items()} | {
    SCHEDULED: Post.Status.PUBLISHED,
}
# Items WordPress keeps that are not posts anyone wrote, with the reason they are skipped.
POST_STATUS_SKIPPED = {
    "auto-draft": "auto-draft (never saved by its author)",
    "trash": "in the trash",
    "inherit": "a revision",
}

COMMENT_STATUS_TO_WP = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.TRASH: "trash",
}
COMMENT_STATUS_FROM_WP = {wp: ours for ours, wp in COMMENT_STATUS_TO_WP.items()} | {
    "approve": Comment.Status.APPROVED,
    "approved": Comment.Status.APPROVED,
    "hold": Comment.Status.PENDING,
    "post-trashed": Comment.Status.TRASH,
}


def wp_post_status(status, *, scheduled=False):
    """WordPress's word for a post's status; a scheduled post is "future"."""
    return SCHEDULED if scheduled else POST_STATUS_TO_WP[status]
