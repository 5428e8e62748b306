"""Comments: each post's comments, matched by (post, WordPress comment id), then threaded.

A post's comments are inserted together and only then given their parents, since a
reply may come before the comment it answers. A reply whose parent is missing, or
whose parents loop back to it, stays at the top level. Comment counts are brought up
to date once, at the end, for the posts that received comments.
"""

import html
import ipaddress
import re

from django.utils import timezone

from comments.models import Comment

from ..content import render_comment
from ..statuses import COMMENT_STATUS_FROM_WP
from .dates import wp_datetime

COMMENT_KIND = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}


def valid_ip(value):
    """The address in its usual form, or None: WordPress stores whatever it was sent."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class CommentsMixin:
    """Keeps the posts that received comments, for their counts at the end."""

    def _start_comments(self):
        self._commented_posts = set()

    def _prepare_comments(self, post_pk, records, *, existing=False):
        """(post pk, ids of its comments already here, [(new Comment, its record)])."""
        known, written_here = {}, {}
        if existing and records:
            # By WordPress id; a comment written here, by its author and time.
            for pk, wp_id, name, when in Comment.objects.filter(post_id=post_pk).values_list(
                "pk", "wp_id", "author_name", "created"
            ):
                if wp_id is None:
                    written_here[(name, when.replace(microsecond=0))] = pk
                else:
                    known[wp_id] = pk
        pairs, seen = [], set()
        for record in records:
            when = wp_datetime(record.date_gmt, record.date) or timezone.now()
            name = html.unescape(record.author)[:100] or "Anonymous"
            if record.wp_id not in known and (name, when) in written_here:
                known[record.wp_id] = written_here[(name, when)]
            if record.wp_id in known:
                self.summary.skip("comments", "already here")
                continue
            if record.wp_id in seen:
                self.summary.skip("comments", "repeated in the file")
                continue
            kind = COMMENT_KIND.get(record.type.lower())
            if kind is None:
                self.summary.skip("comments", f"of type {record.type!r} (not supported)")
                continue
            status = COMMENT_STATUS_FROM_WP.get(record.approved.lower())
            if status is None:
                self.summary.warn(f"Unknown comment status {record.approved!r}: held as pending")
                status = Comment.Status.PENDING
            comment = Comment(
                post_id=post_pk,
                kind=kind,
                status=status,
                moderation_reason="Imported from WordPress",
                author_name=name,
                author_email=self._comment_email(record.author_email),
                author_url=self._comment_url(record.author_url),
                user=self.users_by_wp_id.get(str(record.user_id)) if record.user_id else None,
                ip=valid_ip(record.author_ip),
                body=render_comment(record.content),
                created=when,
                status_changed=when,
                wp_id=record.wp_id,
                approval_announced=status == Comment.Status.APPROVED,
            )
            pairs.append((comment, record))
            seen.add(record.wp_id)
        return post_pk, known, pairs

    def _save_comments(self, groups):
        """Insert prepared comments in one go, then thread them within their post."""
        new = [comment for _, _, pairs in groups for comment, _ in pairs]
        if not new:
            return
        Comment.objects.bulk_create(new, batch_size=self.batch_size)
        threaded = []
        for post_pk, known, pairs in groups:
            if not pairs:
                continue
            ids = known | {comment.wp_id: comment.pk for comment, _ in pairs}
            parents = {record.wp_id: record.parent for _, record in pairs}
            for comment, record in pairs:
                if not record.parent:
                    continue
                if record.parent not in ids:
                    self.summary.warn("Replies to comments not in the file were kept as top level")
                elif self._loops(record.wp_id, parents):
                    self.summary.warn(
                        "Comments whose parents loop back to them were kept as top level"
                    )
                else:
                    comment.parent_id = ids[record.parent]
                    threaded.append(comment)
            self._commented_posts.add(post_pk)
        Comment.objects.bulk_update(threaded, ["parent"], batch_size=self.batch_size)
        for comment in new:
            self.summary.add("comments", comment.get_status_display().lower())

    @staticmethod
    def _loops(wp_id, parents):
        seen, current = {wp_id}, parents.get(wp_id)
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    def _comment_email(self, value):
        if len(value) > 200:
            self.summary.warn("Comment e-mail addresses longer than 200 characters were dropped")
            return ""
        return value

    def _comment_url(self, value):
        if not re.match(r"https?://", value, re.I):
            return ""
        if len(value) > 200:
            self.summary.warn("Comment author URLs longer than 200 characters were dropped")
            return ""
        return value

    def _refresh_comment_counts(self):
        ids = list(self._commented_posts)
        for start in range(0, len(ids), self.batch_size):
            Comment.refresh_counts(set(ids[start : start + self.batch_size]))
