from django.urls import re_path

from . import feeds, oembed, share_views, views

app_name = "posts"

PAGE = r"(?:page/(?P<page>[0-9]+)/)?"
YEAR, MONTH, DAY = r"(?P<year>[0-9]{4})", r"(?P<month>[0-9]{2})", r"(?P<day>[0-9]{2})"

urlpatterns = [
    re_path(rf"^{PAGE}$", views.HomeView.as_view(), name="home"),
    re_path(r"^search/$", views.SearchView.as_view(), name="search"),
    re_path(r"^oembed/$", oembed.OEmbedView.as_view(), name="oembed"),
    re_path(
        r"^share/mastodon/(?P<pk>[0-9]+)/$",
        share_views.MastodonShareView.as_view(),
        name="share-mastodon",
    ),
    re_path(r"^feed/$", feeds.PostsFeed(), name="feed"),
    re_path(r"^feed/atom/$", feeds.AtomPostsFeed(), name="feed-atom"),
    re_path(
        r"^category/(?P<path>[-\w]+(?:/[-\w]+)*?)/feed/$",
        feeds.CategoryFeed(),
        name="category-feed",
    ),
    re_path(r"^tag/(?P<slug>[-\w]+)/feed/$", feeds.TagFeed(), name="tag-feed"),
    re_path(r"^author/(?P<username>[\w.@+-]+)/feed/$", feeds.AuthorFeed(), name="author-feed"),
    re_path(
        rf"^category/(?P<path>[-\w]+(?:/[-\w]+)*?)/{PAGE}$",
        views.CategoryView.as_view(),
        name="category",
    ),
    re_path(rf"^tag/(?P<slug>[-\w]+)/{PAGE}$", views.TagView.as_view(), name="tag"),
    re_path(rf"^author/(?P<username>[\w.@+-]+)/{PAGE}$", views.AuthorView.as_view(), name="author"),
    re_path(rf"^{YEAR}/{PAGE}$", views.YearArchive.as_view(), name="year"),
    re_path(rf"^{YEAR}/{MONTH}/{PAGE}$", views.MonthArchive.as_view(), name="month"),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/{PAGE}$", views.DayArchive.as_view(), name="day"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[-\w]+)/$",
        views.PostDetailView.as_view(),
        name="detail",
    ),
    # Last: every address no pattern above claimed may be a page's (posts/pages.py).
    re_path(r"^(?P<path>[-\w]+(?:/[-\w]+)*)/$", views.PageView.as_view(), name="page"),
]
