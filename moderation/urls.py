from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/appeals/", views.appeal_list, name="appeal-list"),
    path("moderation/hand-over/", views.hand_over, name="hand-over"),
    path("moderation/settle/", views.queue_settle, name="queue-settle"),
    path("appeals/", views.appeal_create, name="appeal-create"),
    path("moderation/items/<int:pk>/", views.item_detail, name="item-detail"),
    path("moderation/members/<str:username>/", views.member_moderate, name="member-moderate"),
    path("moderation/posts/<int:pk>/", views.post_moderate, name="post-moderate"),
    path("posts/<int:pk>/report/", views.report_post, name="report-post"),
    path("members/<str:username>/report/", views.report_member, name="report-member"),
    path("reports/<int:pk>/sent/", views.report_sent, name="report-sent"),
]
