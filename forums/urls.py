from django.urls import path

from forums.views import notifications, reading, search, support, writing

app_name = "forums"

urlpatterns = [
    path("", reading.board_list, name="board-list"),
    path("boards/<slug:slug>/", reading.board_detail, name="board-detail"),
    path("boards/<slug:slug>/follow/", notifications.board_follow, name="board-follow"),
    path("boards/<slug:slug>/new/", writing.thread_create, name="thread-create"),
    path("threads/<int:pk>/", reading.thread_detail, name="thread-detail"),
    path("threads/<int:pk>/unread/", reading.thread_unread, name="thread-unread"),
    path("threads/<int:pk>/reply/", writing.reply_create, name="reply-create"),
    path("threads/<int:pk>/follow/", writing.thread_follow, name="thread-follow"),
    path("posts/<int:pk>/", writing.post_permalink, name="post-permalink"),
    path("posts/<int:pk>/edit/", writing.post_edit, name="post-edit"),
    path("posts/<int:pk>/history/", writing.post_history, name="post-history"),
    path("posts/<int:pk>/remove/", writing.post_remove, name="post-remove"),
    path("my/threads/", reading.my_threads, name="my-threads"),
    path("my/following/", reading.following, name="following"),
    path("posts/<int:pk>/react/", support.post_react, name="post-react"),
    path("posts/<int:pk>/hide/", support.post_hide, name="post-hide"),
    path("waiting/", support.waiting_list, name="waiting-list"),
    path("search/", search.search, name="search"),
    path("settings/reading/", support.reading_settings, name="reading-settings"),
    path("members/<str:username>/mute/", support.member_mute, name="member-mute"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification-read-all"),
    path("notifications/pause/", notifications.notifications_pause, name="notifications-pause"),
    path("notifications/resume/", notifications.notifications_resume, name="notifications-resume"),
    path("settings/notifications/", notifications.notification_settings, name="notification-settings"),
    path("email/unsubscribe/<str:token>/", notifications.email_unsubscribe, name="email-unsubscribe"),
]
