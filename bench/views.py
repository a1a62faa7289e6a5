"""The floor: a bare Django view that renders 20 rows from one query with a template. Every page is
measured as a fraction of it, in the same run, so a busy machine slows both alike."""

from django.shortcuts import render

from forums.models import Thread


def floor(request):
    threads = Thread.objects.order_by("-last_activity_at").values("pk", "title", "reply_count", "last_activity_at")
    return render(request, "bench/floor.html", {"threads": list(threads[:20])})
