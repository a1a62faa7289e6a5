from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("posts/<int:pk>/", views.post_moderate, name="post-moderate"),
]
