from django.urls import path

from . import views

app_name = "likes"
urlpatterns = [
    path("token/", views.token, name="token"),
    path("<int:pk>/", views.LikeView.as_view(), name="like"),
]
