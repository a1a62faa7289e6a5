"""The site's own URLs, and beside them the floor: the yardstick every page is compared with."""

from django.urls import path

from bench.views import floor
from safespace.urls import handler400, handler403, handler404, handler500
from safespace.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
