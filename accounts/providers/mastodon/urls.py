from django.urls import path

from . import views

# Not "mastodon_login": allauth's OAuth 2 pages go by that pattern, and the blog's
# sign-in middleware looks for a social application behind them.
urlpatterns = [
    path("mastodon/login/", views.SignInView.as_view(), name="mastodon_sign_in"),
    path("mastodon/login/callback/", views.CallbackView.as_view(), name="mastodon_callback"),
]
