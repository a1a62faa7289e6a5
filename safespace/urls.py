from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from moderation import views as moderation_views
from safespace import views

# The admin login goes through allauth: rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Safe Space administration"
admin.site.site_title = "Safe Space admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("csp-report/", views.csp_report, name="csp-report"),
    path("guidelines/", moderation_views.guidelines, name="guidelines"),
    path("", include("conversations.urls")),
    path("", include("moderation.urls")),
    path("", include("care.urls")),
    path("", include("accounts.urls")),
    path("", include("resources.urls")),
    path("", include("forums.urls")),
]

handler400 = "safespace.views.bad_request"
handler403 = "safespace.views.permission_denied"
handler404 = "safespace.views.page_not_found"
handler500 = "safespace.views.server_error"
