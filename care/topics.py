"""What an item is about, for moderators' topic opt-outs: its post's content warnings, and for an
urgent item (a crisis signal, a check-in request, an "I'm worried" report) suicide and self-harm,
whatever warnings it carries. Written once, in Python for one item and as a query for many."""

from django.db.models import Q

from forums.models import ContentWarning
from moderation.models import Lane

# An urgent item is about someone who may be at risk: it counts as these topics.
CRISIS_TOPICS = frozenset({ContentWarning.SUICIDE.value, ContentWarning.SELF_HARM.value})
TOPIC_CHOICES = ContentWarning.choices


def topic_labels(topics) -> str:
    labels = dict(ContentWarning.choices)
    return ", ".join(str(labels[topic]) for topic in sorted(topics, key=list(labels).index) if topic in labels)


def item_topics(item) -> set[str]:
    topics = set(item.post.content_warnings or []) if item.post_id else set()
    if item.lane == Lane.URGENT or item.check_in_requested:
        topics |= CRISIS_TOPICS
    return topics


def post_topics(post, *, urgent: bool) -> set[str]:
    """For an alert about a post: urgent alerts are about someone who may be at risk."""
    topics = set(post.content_warnings or []) if post is not None else set()
    return topics | CRISIS_TOPICS if urgent else topics


def items_on_topics(topics, *, prefix: str = "") -> Q:
    """Queue items about any of these topics. The warnings are a JSON list of plain words; matching
    the quoted word in its text works on PostgreSQL and SQLite alike (no JSON containment there)."""
    query = Q()
    for topic in topics:
        query |= Q(**{f"{prefix}post__content_warnings__icontains": f'"{topic}"'})
    if set(topics) & CRISIS_TOPICS:
        query |= Q(**{f"{prefix}lane": Lane.URGENT}) | Q(**{f"{prefix}check_in_requested": True})
    return query
