"""How the forum names an author for a viewer. Every template uses {% author_name %}, never
`author.username` directly, so an anonymous post cannot leak its author by accident."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forums.models import ContentWarning, ReactionKind
from forums.notifications.selectors import notification_headline
from forums.selectors.post_html import csrf_placeholder

register = template.Library()


@register.simple_tag
def author_name(item, viewer, link=True):
    """`item` is a Post or Thread (both have .author and .is_anonymous)."""
    if item is None:
        return ""
    author = item.author
    if item.is_anonymous:
        if viewer is not None and viewer.is_authenticated and viewer.pk == item.author_id:
            return _("Anonymous member (you)")
        return _("Anonymous member")
    if author.is_removed or not author.is_active:
        return _("Removed member")
    if not link:
        return author.username
    return format_html(
        '<a href="{}">{}</a>', reverse("accounts:profile-detail", args=[author.username]), author.username
    )


@register.simple_tag
def composer_widget(field, css_class):
    """A composer field's own input with the classes and ARIA links its label, help text and
    errors need (templates/forums/partials/_composer_fields.html)."""
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
    """Page numbers to offer: the first, the last, and a few either side of the current page, with
    None where numbers are left out. Works out a handful of numbers, never every page."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(max(1, page.number - around), min(last, page.number + around) + 1)}
    window, previous = [], 0
    for number in sorted(wanted):
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window


@register.filter
def headline(notification) -> str:
    """The sentence a notification says, plain text (the template escapes it)."""
    return notification_headline(notification)


@register.filter
def with_csrf_token(html, token):
    """A kept post (forums/selectors/post_html.py) with this reader's CSRF token in its forms. The
    token is only asked for when the post has a form, so a visitor's page sets no CSRF cookie."""
    placeholder = csrf_placeholder()
    if placeholder not in html:
        return html
    return mark_safe(html.replace(placeholder, str(token)))  # noqa: S308 (our own template's output)
