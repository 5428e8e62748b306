from django.urls import path, re_path

from . import follow_views, views

app_name = "comments"

urlpatterns = [
    path("post/", views.PostCommentView.as_view(), name="post"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("<int:pk>/edit/", views.CommentEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.CommentDeleteView.as_view(), name="delete"),
    path("form-token/", views.FormTokenView.as_view(), name="form-token"),
    path("moderate/<str:token>/", views.ModerateLinkView.as_view(), name="moderate"),
    re_path(
        r"^subscription/(?P<action>confirm|unsubscribe)/(?P<token>[^/]+)/$",
        views.subscription_link,
        name="subscription",
    ),
    path("follow/", follow_views.FollowView.as_view(), name="follow"),
    re_path(
        r"^follow/(?P<action>confirm|unsubscribe)/(?P<token>[^/]+)/$",
        follow_views.FollowLinkView.as_view(),
        name="follow-link",
    ),
]
