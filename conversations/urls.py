from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.conversation_create, name="conversation-create"),
    path("messages/<int:pk>/", views.conversation_detail, name="conversation-detail"),
    path("messages/<int:pk>/report/<int:message_pk>/", views.message_report, name="message-report"),
    path("messages/how-are-you/<int:pk>/", views.follow_up, name="follow-up"),
    path("moderation/conversations/", views.team_list, name="team-list"),
    path("moderation/conversations/new/", views.team_create, name="team-create"),
    path("moderation/conversations/<int:pk>/", views.team_detail, name="team-detail"),
    path("moderation/items/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("moderation/decisions/<int:pk>/note/", views.decision_note, name="decision-note"),
]
