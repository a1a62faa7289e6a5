"""Reads of what a member follows."""

from django.core.paginator import Page, Paginator

from forums.models import THREADS_PER_PAGE, Thread


def followed_thread_page(*, member, page_number) -> Page:
    threads = (
        Thread.objects.visible_to(member)
        .filter(follows__member=member)
        .select_related("board", "author", "last_post__author")
        .order_by("-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)
