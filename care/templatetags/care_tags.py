from datetime import timedelta

from django import template

from care.forms import LookInLaterForm
from care.measures import duration_words as words
from care.topics import topic_labels as labels
from safespace.dates import format_day

register = template.Library()


@register.inclusion_tag("care/partials/_look_in_later.html", takes_context=True)
def look_in_later(context, thread):
    """The thread page's small "Look in on this thread later" form, for a logged-in member. It costs
    the thread page no query: choosing again moves a waiting reminder, and the message after
    choosing (and "Your reminders") says when it is due."""
    return {
        "thread": thread,
        "user": context["user"],
        "csrf_token": context.get("csrf_token"),
        "form": LookInLaterForm(auto_id=f"look-in-{thread.pk}-%s"),
    }


@register.filter
def topic_labels(topics) -> str:
    return labels(topics or [])


@register.filter
def duration_words(value) -> str:
    return words(value)


@register.filter
def day_before(value) -> str:
    """The last day of a period that ends at midnight."""
    return format_day(value - timedelta(microseconds=1)) if value else ""
