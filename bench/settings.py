"""Benchmark settings: production's, plus the floor view's URL and a measuring middleware. Served
only by bench/run.sh on loopback; the product never routes bench/ (its urls are not safespace.urls)."""

from safespace.settings.production import *  # noqa: F403
from safespace.settings.production import INSTALLED_APPS, MIDDLEWARE

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# Outermost, so it times everything Django does for the request (every other middleware included).
MIDDLEWARE = ["bench.middleware.measure", *MIDDLEWARE]
