"""The forum's template tags. Every template names an author with {% author_name %} (the words
come from forums/naming.py), never `author.username` directly, so an anonymous post cannot leak its
author by accident."""

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forums.models import ContentWarning, ReactionKind
from forums.naming import author_words, names_a_member
from forums.notifications.selectors import notification_headline
from forums.selectors.post_html import csrf_placeholder
from safespace import fragments

register = template.Library()


@register.simple_tag
def author_name(item, viewer, link=True):
    """`item` is a Post or Thread (both have .author and .is_anonymous): forums/naming.py's words,
    as a link to the member's profile where they name one."""
    if item is None:
        return ""
    words = author_words(item, viewer)
    if not link or not names_a_member(item):
        return words
    return format_html('<a href="{}">{}</a>', reverse("accounts:profile-detail", args=[words]), words)


@register.simple_tag
def composer_widget(field, css_class):
    """A field's own input with the classes and ARIA links its label, help text and errors need
    (templates/forums/partials/_composer_fields.html)."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    attrs = {"class": css_class}
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["class"] = f"{css_class} is-invalid"
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def warning_labels(values):
    return ", ".join(str(ContentWarning(value).label) for value in values if value in ContentWarning.values)


@register.simple_tag
def reaction_summary(post, viewer):
    """For each reaction kind: whether the post received it, whether this viewer sent it, and (for
    the post's author only) who sent it. Uses the reactions prefetched with the page: no queries.
    Deliberately no counts: support is not a score."""
    reactions = post.received_reactions()
    is_author = viewer is not None and viewer.is_authenticated and viewer.pk == post.author_id
    summary = []
    for kind in ReactionKind:
        of_kind = [reaction for reaction in reactions if reaction.kind == kind.value]
        summary.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "received": bool(of_kind),
                "pressed": bool(viewer and viewer.is_authenticated and any(r.member_id == viewer.pk for r in of_kind)),
                "names": sorted(r.member.display_name for r in of_kind) if is_author else [],
            }
        )
    return summary


@register.simple_tag
def page_window(page, around=2):
    """Page numbers to offer: the first, the last (when the list was counted to its end), and a few
    either side of the current page, with None where numbers are left out. Works out a handful of
    numbers, never every page."""
    last = page.paginator.num_pages
    # A list counted only a few pages ahead (forums/selectors/paging.py) has no known last page.
    known = getattr(page.paginator, "total_known", True)
    wanted = {1, *range(max(1, page.number - around), min(last, page.number + around) + 1)}
    if known:
        wanted.add(last)
    window, previous = [], 0
    for number in sorted(wanted):
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    if not known:
        window.append(None)  # more pages than were counted
    return window


@register.filter
def headline(notification) -> str:
    """The sentence a notification says, plain text (the template escapes it)."""
    return notification_headline(notification)


@register.filter
def with_csrf_token(html, token):
    """A kept post (forums/selectors/post_html.py) with this reader's CSRF token in its forms. The
    token is only asked for when the post has a form, so a visitor's page sets no CSRF cookie."""
    if csrf_placeholder() not in html:
        return html
    return mark_safe(fragments.fill(html, {"csrf": str(token)}))  # noqa: S308 (our own template's output)


# The two values of an empty composer that differ on every page: the one-time submission token and
# the signed "who opened this composer".
_PER_PAGE_FIELDS = ("submission_token", "composer_owner")
COMPOSER_SECONDS = 6 * 60 * 60


@register.simple_tag(takes_context=True)
def empty_composer(context, form, *, action, submit_label, draft_kind, draft_id):
    """An empty, unbound composer (a thread's reply box, which every reader of the page gets) from a
    kept copy: the same HTML for everyone but for the CSRF token and the form's two per-page values,
    which are put in here. Keyed by a digest of all else it shows (the fields, their labels and help,
    the language), so another field or wording gives another copy."""
    shown = (
        translation.get_language(),
        str(action),
        str(submit_label),
        draft_kind,
        str(draft_id),
        [(field.name, str(field.label), str(field.help_text), field.widget_type) for field in form],
        sorted((name, repr(value)) for name, value in form.initial.items() if name not in _PER_PAGE_FIELDS),
    )

    def render():
        kept = type(form)(initial={**form.initial, **{name: fragments.placeholder(name) for name in _PER_PAGE_FIELDS}})
        return get_template("forums/partials/_composer.html").render(
            {
                "csrf_token": csrf_placeholder(),
                "form": kept,
                "action": action,
                "submit_label": submit_label,
                "draft_kind": draft_kind,
                "draft_id": draft_id,
            }
        )

    values = {name: form.initial.get(name) or "" for name in _PER_PAGE_FIELDS}
    values.update(fragments.page_values(context))
    return fragments.kept_html("forums:empty-composer", shown, render, seconds=COMPOSER_SECONDS, values=values)
