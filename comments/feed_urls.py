from django.urls import path, re_path

from posts.urls import DAY, MONTH, YEAR

from . import feeds

urlpatterns = [
    path("comments/feed/", feeds.CommentsFeed(), name="comments-feed"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[-\w]+)/feed/$",
        feeds.PostCommentsFeed(),
        name="post-comments-feed",
    ),
]
