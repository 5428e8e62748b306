from django.urls import path

from . import views

# Not "indieauth_login": allauth's OAuth 2 pages go by that pattern, and the blog's
# sign-in middleware looks for a social application behind them.
urlpatterns = [
    path("indieauth/login/", views.SignInView.as_view(), name="indieauth_sign_in"),
    path("indieauth/login/callback/", views.CallbackView.as_view(), name="indieauth_callback"),
]
