from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.conversation_create, name="conversation-create"),
    path("messages/<int:pk>/", views.conversation_detail, name="conversation-detail"),
    path("messages/<int:pk>/answer/", views.check_in_answer, name="check-in-answer"),
    path("messages/<int:pk>/report/<int:message_pk>/", views.message_report, name="message-report"),
    path("messages/how-are-you/<int:pk>/", views.follow_up, name="follow-up"),
    path("messages/how-are-you/<int:pk>/let-go/", views.follow_up_dismiss, name="follow-up-dismiss"),
    path("moderation/conversations/", views.team_list, name="team-list"),
    path("moderation/conversations/new/", views.team_create, name="team-create"),
    path("moderation/conversations/<int:pk>/", views.team_detail, name="team-detail"),
    path("moderation/conversations/<int:pk>/assign/", views.team_assign, name="team-assign"),
    path("moderation/conversations/<int:pk>/claim/", views.team_claim, name="team-claim"),
    path("moderation/conversations/<int:pk>/release/", views.team_release, name="team-release"),
    path("moderation/conversations/<int:pk>/close/", views.team_close, name="team-close"),
    path("moderation/items/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("moderation/decisions/<int:pk>/note/", views.decision_note, name="decision-note"),
]
