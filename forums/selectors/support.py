from django.core.paginator import Page, Paginator

from forums.models import THREADS_PER_PAGE, HiddenWord, MemberMute, Thread


def waiting_thread_page(*, viewer, page_number) -> Page:
    """Threads whose opening post has no reply yet, oldest first, so members can answer those first."""
    threads = (
        Thread.objects.visible_to(viewer)
        .filter(reply_count=0, is_hidden=False, is_locked=False)
        .select_related("board", "author")
        .order_by("created_at", "pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def muted_members_for(member):
    return MemberMute.objects.filter(member=member).select_related("muted").order_by("muted__username")


def hidden_words_for(member):
    return HiddenWord.objects.filter(member=member)


def is_muted_by(member, target) -> bool:
    """True when `member` muted `target` (users or their ids), for mentions and reactions."""
    return MemberMute.objects.filter(member=member, muted=target).exists()


def muted_ids_for(member) -> set[int]:
    return set(MemberMute.objects.filter(member=member).values_list("muted_id", flat=True))
