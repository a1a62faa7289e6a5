from django.urls import path

from care import views

app_name = "care"

urlpatterns = [
    path("threads/<int:pk>/look-in-later/", views.reminder_set, name="reminder-set"),
    path("my/reminders/", views.reminder_list, name="reminder-list"),
    path("my/reminders/<int:pk>/cancel/", views.reminder_cancel, name="reminder-cancel"),
    # Under /moderation/: the two-factor gate for moderators and admins covers these pages too.
    path("moderation/shift/", views.shift_detail, name="shift"),
    path("moderation/shift/start/", views.shift_start, name="shift-start"),
    path("moderation/shift/end/", views.shift_end, name="shift-end"),
    path("moderation/shift/break/", views.shift_break, name="shift-break"),
    path("moderation/shift/topics/", views.topic_opt_out_set, name="topic-opt-out-set"),
    path("moderation/shift/topics/<int:pk>/end/", views.topic_opt_out_end, name="topic-opt-out-end"),
    path("moderation/items/<int:pk>/revealed/", views.reveal, name="reveal"),
    path("moderation/items/<int:pk>/debrief/", views.debrief_create, name="debrief-create"),
    path("moderation/measures/", views.measures, name="measures"),
]
