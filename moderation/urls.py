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
    path("moderation/posts/<int:pk>/approve/", views.post_approve, name="post-moderate-approve"),
    path("moderation/posts/<int:pk>/approve-and-trust/", views.post_approve_and_trust, name="post-moderate-trust"),
    path("moderation/posts/<int:pk>/restore/", views.post_restore, name="post-moderate-restore"),
    path(
        "moderation/posts/<int:pk>/thread/<str:flip>/",
        views.post_thread_flip,
        name="post-moderate-thread",
    ),
    path("moderation/posts/<int:pk>/move/", views.post_move_thread, name="post-moderate-move"),
    path("moderation/posts/<int:pk>/edit/", views.post_edit, name="post-moderate-edit"),
    path("moderation/posts/<int:pk>/warning/", views.post_add_warning, name="post-moderate-warning"),
    path("moderation/posts/<int:pk>/reveal/", views.post_reveal_author, name="post-moderate-reveal"),
    path("posts/<int:pk>/report/", views.report_post, name="report-post"),
    path("members/<str:username>/report/", views.report_member, name="report-member"),
    path("reports/<int:pk>/sent/", views.report_sent, name="report-sent"),
]
