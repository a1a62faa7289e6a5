from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("help/", views.get_help_now, name="help"),
    path("help/staying-safe/", views.staying_safe, name="staying-safe"),
    path("resources/", views.resource_list, name="list"),
    path("resources/region/", views.region_set, name="region-set"),
    path("resources/suggest/", views.resource_suggest, name="suggest"),
]
