from django.urls import path, re_path

from . import comments, index, media, pages, posts, terms, users

app_name = "api"

urlpatterns = [
    path("", index.RootIndex.as_view(), name="index"),
    path("wp/v2/", index.NamespaceIndex.as_view(), name="namespace"),
    path("wp/v2/posts", posts.PostList.as_view(), name="post-list"),
    path("wp/v2/posts/<int:pk>", posts.PostDetail.as_view(), name="post-detail"),
    path("wp/v2/pages", pages.PageList.as_view(), name="page-list"),
    path("wp/v2/pages/<int:pk>", pages.PageDetail.as_view(), name="page-detail"),
    path("wp/v2/media", media.MediaList.as_view(), name="media-list"),
    path("wp/v2/media/<int:pk>", media.MediaDetail.as_view(), name="media-detail"),
    path("wp/v2/categories", terms.CategoryList.as_view(), name="category-list"),
    path("wp/v2/categories/<int:pk>", terms.CategoryDetail.as_view(), name="category-detail"),
    path("wp/v2/tags", terms.TagList.as_view(), name="tag-list"),
    path("wp/v2/tags/<int:pk>", terms.TagDetail.as_view(), name="tag-detail"),
    path("wp/v2/comments", comments.CommentList.as_view(), name="comment-list"),
    path("wp/v2/comments/<int:pk>", comments.CommentDetail.as_view(), name="comment-detail"),
    path("wp/v2/users/me", users.UserMe.as_view(), name="user-me"),
    path("wp/v2/users/<int:pk>", users.UserDetail.as_view(), name="user-detail"),
    # Anything else under /wp-json/ answers in WordPress's shape, not with the site's 404 page.
    re_path(r"^.*$", index.NoRoute.as_view(), name="no-route"),
]
