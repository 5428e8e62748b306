from django.urls import re_path

from . import views

app_name = "core"

urlpatterns = [
    re_path(r"^avatar/(?P<key>[0-9a-f]{32})\.svg$", views.avatar, name="avatar"),
]
