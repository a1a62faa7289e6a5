"""{% site_header %}: the header every page opens with, from a kept copy (safespace/fragments.py).

It shows the same for every visitor, and for a member what their name, role, unread count and
break make it; the page's own address (the "next" of its two forms) and the CSRF token differ on
every page and are put in here. The key is a digest of everything else it shows, so a new unread
notification or a started break gives another copy at once."""

from types import SimpleNamespace

from django import template
from django.template.loader import get_template
from django.utils import translation

from safespace import fragments

register = template.Library()
HEADER_SECONDS = 6 * 60 * 60


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    member = user is not None and user.is_authenticated
    url_name = request.resolver_match.url_name if request is not None and request.resolver_match else None
    shown = (
        translation.get_language(),
        str(context.get("SITE_NAME", "")),
        url_name,
        user.username if member else None,
        user.holds_moderation_role if member else False,
        # The bell's count is read lazily (forums' context processor): its value, not the wrapper.
        str(context.get("notification_unread_count") or 0) if member else None,
        bool(context.get("notifications_paused")) if member else False,
    )

    def render():
        page = SimpleNamespace(
            resolver_match=SimpleNamespace(url_name=url_name), get_full_path=fragments.placeholder("next")
        )
        flat = context.flatten()
        flat.update({"request": page, "csrf_token": fragments.placeholder("csrf")})
        return get_template("partials/_header.html").render(flat)

    return fragments.kept_html(
        "safespace:site-header",
        shown,
        render,
        seconds=HEADER_SECONDS,
        values=fragments.page_values(context),
    )
