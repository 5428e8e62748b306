"""Comment feeds: all approved comments, and one post's. Held, spam and trashed never appear."""

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
            .comments()
            .filter(post__in=Post.objects.published().filter(password=""))
        )

    def items(self, obj=None):
        return self.comments(obj).select_related("post").order_by("-created", "-pk")[:ITEMS]

    def item_title(self, comment):
        return f"Comment on {comment.post.title} by {comment.author_name}"

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
        return Comment.objects.approved().comments().filter(post=post)

    def list_keys(self, post):
        return [f"comments:{post.pk}", f"post:{post.pk}"]
