"""The mails a follower gets: the confirmation, and each new post in HTML and plain text.

A post's mail is built from what readers see (`Post.body_html`) with every link and
image made absolute (core.site_url), the whole text or only the excerpt as
FOLLOW_MAIL_CONTENT says ("full", the default, or "excerpt"). A password-protected
post gives neither: only its title and link.
"""

import re
from html import unescape

from django.conf import settings
from django.core import checks
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from core.site_url import absolute, absolute_urls

from .notifications import one_click_unsubscribe

PARAGRAPH_END = re.compile(
    r"(</(?:p|li|h[1-6]|blockquote|pre|div|figure|figcaption|tr|table|ul|ol)>|<br\s*/?>)", re.I
)
LIST_ITEM = re.compile(r"<li[^>]*>", re.I)
CONTENT_CHOICES = ("full", "excerpt")


@checks.register(checks.Tags.compatibility)
def check_content_setting(app_configs=None, **kwargs):
    if settings.FOLLOW_MAIL_CONTENT in CONTENT_CHOICES:
        return []
    return [
        checks.Error(
            f"FOLLOW_MAIL_CONTENT is {settings.FOLLOW_MAIL_CONTENT!r}.",
            hint='Set it to "full" (the whole post) or "excerpt" (the excerpt and a link).',
            id="comments.E001",
        )
    ]


def content_setting():
    return settings.FOLLOW_MAIL_CONTENT


def text_from_html(html):
    """Plain text of a body, one blank line between its paragraphs."""
    spaced = LIST_ITEM.sub("\n* ", PARAGRAPH_END.sub(r"\1\n\n", html))
    lines = (" ".join(line.split()) for line in unescape(strip_tags(spaced)).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def confirmation(follower, confirm_url, unsubscribe_url):
    return EmailMessage(
        f"[{settings.BLOG_TITLE}] Confirm that you follow {settings.BLOG_TITLE}",
        render_to_string(
            "comments/mail/follow_confirm.txt",
            {
                "follower": follower,
                "blog_title": settings.BLOG_TITLE,
                "confirm_url": confirm_url,
                "unsubscribe_url": unsubscribe_url,
                "blog_url": absolute("/"),
            },
        ),
        to=[follower.email],
        headers=one_click_unsubscribe(unsubscribe_url),
    )


class PostContent:
    """A post as mailed to its followers: built once per batch, addressed once per follower."""

    def __init__(self, post):
        self.post = post
        self.full = content_setting() == "full" and not post.password
        body_html = absolute_urls(post.body_html) if self.full else ""
        self.context = {
            "post": post,
            "blog_title": settings.BLOG_TITLE,
            "post_url": absolute(post.get_absolute_url()),
            "full": self.full,
            "protected": bool(post.password),
            "body_html": mark_safe(body_html),  # sanitized on save (core.sanitize)
            "body_text": text_from_html(body_html),
            "featured_image_url": (
                absolute(post.featured_image.url)
                if post.featured_image and not post.password
                else ""
            ),
        }

    def message(self, follower, unsubscribe_url):
        context = {**self.context, "unsubscribe_url": unsubscribe_url}
        message = EmailMultiAlternatives(
            f"[{settings.BLOG_TITLE}] {self.post.title}",
            render_to_string("comments/mail/follow_post.txt", context),
            to=[follower.email],
            headers=one_click_unsubscribe(unsubscribe_url),
        )
        message.attach_alternative(
            render_to_string("comments/mail/follow_post.html", context), "text/html"
        )
        return message
