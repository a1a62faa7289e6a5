"""The floor: a bare Django view that renders 20 rows from one query with a template. Every page is
measured as a fraction of it, in the same run, so a busy machine slows both alike."""

from django.shortcuts import render

from forums.models import Thread


def floor(request):
    # Newest threads by primary key: an index answers it at any size, so the floor costs the same
    # with 2,000 threads as with 500,000 (threads by last activity would be a sort of all of them).
    threads = Thread.objects.order_by("-pk").values("pk", "title", "reply_count", "last_activity_at")
    return render(request, "bench/floor.html", {"threads": list(threads[:20])})
