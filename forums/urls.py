from django.urls import path

from forums.notifications import views as notifications
from forums.views import boards, follows, posts, preferences, reactions, search, threads

app_name = "forums"

urlpatterns = [
    path("", boards.board_list, name="board-list"),
    path("boards/<slug:slug>/", boards.board_detail, name="board-detail"),
    path("boards/<slug:slug>/follow/", follows.board_follow, name="board-follow"),
    path("boards/<slug:slug>/new/", threads.thread_create, name="thread-create"),
    path("threads/<int:pk>/", threads.thread_detail, name="thread-detail"),
    path("threads/<int:pk>/unread/", threads.thread_unread, name="thread-unread"),
    path("threads/<int:pk>/reply/", posts.reply_create, name="reply-create"),
    path("threads/<int:pk>/follow/", follows.thread_follow, name="thread-follow"),
    path("posts/<int:pk>/", posts.post_permalink, name="post-permalink"),
    path("posts/<int:pk>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<int:pk>/history/", posts.post_history, name="post-history"),
    path("posts/<int:pk>/remove/", posts.post_remove, name="post-remove"),
    path("my/threads/", threads.my_threads, name="my-threads"),
    path("my/following/", follows.following, name="following"),
    path("posts/<int:pk>/react/", reactions.post_react, name="post-react"),
    path("posts/<int:pk>/hide/", preferences.post_hide, name="post-hide"),
    path("waiting/", threads.waiting_list, name="waiting-list"),
    path("search/", search.search, name="search"),
    path("settings/reading/", preferences.reading_settings, name="reading-settings"),
    path("members/<str:username>/mute/", preferences.member_mute, name="member-mute"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification-read-all"),
    path("notifications/pause/", notifications.notifications_pause, name="notifications-pause"),
    path("notifications/resume/", notifications.notifications_resume, name="notifications-resume"),
    path("settings/notifications/", notifications.notification_settings, name="notification-settings"),
    path("email/unsubscribe/<str:token>/", notifications.email_unsubscribe, name="email-unsubscribe"),
]
