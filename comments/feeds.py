"""Comment feeds: all approved responses, and one post's. As in WordPress's, trackbacks and
pingbacks are responses too; held, spam and trashed ones never appear."""

from django.conf import settings
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed

from core.site_url import absolute
from posts.feeds import SiteFeed, absolute_urls
from posts.models import Post

from .models import Comment

ITEMS = 20


class CommentsFeed(SiteFeed):
    feed_type = Rss201rev2Feed

    def title(self, obj=None):
        return f"Comments for {settings.BLOG_TITLE}"

    def link(self, obj=None):
        return absolute("/")

    def description(self, obj=None):
        return settings.BLOG_TAGLINE

    def comments(self, obj):
        return (
            Comment.objects.approved()
            .in_feeds()
            .filter(post__in=Post.entries.published().filter(password=""))
        )

    def items(self, obj=None):
        return self.comments(obj).select_related("post").order_by("-created", "-pk")[:ITEMS]

    def item_title(self, comment):
        return f"{comment.get_kind_display()} on {comment.post.title} by {comment.author_name}"

    def item_link(self, comment):
        return absolute(comment.get_absolute_url())

    def item_guid(self, comment):
        return absolute(comment.get_absolute_url())

    def item_description(self, comment):
        return absolute_urls(comment.body)

    def item_author_name(self, comment):
        return comment.author_name

    def item_pubdate(self, comment):
        return comment.created

    def list_keys(self, obj):
        return ["comments", "feed"]

    def item_extra_kwargs(self, comment):
        return {"page_keys": [f"post:{comment.post_id}"]}


class PostCommentsFeed(CommentsFeed):
    def get_object(self, request, year, month, day, slug):
        post = Post.objects.published().at_permalink(year, month, day, slug).first()
        if post is None or post.password:
            raise Http404("No feed for this post.")
        return post

    def title(self, post):
        return f"Comments on: {post.title}"

    def link(self, post):
        return absolute(post.get_absolute_url())

    def comments(self, post):
        return Comment.objects.approved().in_feeds().filter(post=post)

    def list_keys(self, post):
        return [f"comments:{post.pk}", f"post:{post.pk}"]
