from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
    path("settings/export/", views.data_export, name="data-export"),
    path("settings/delete/", views.account_delete, name="account-delete"),
    path("members/<str:username>/", views.profile_detail, name="profile-detail"),
]
