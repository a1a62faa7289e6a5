from django import template
from django.template.loader import get_template
from django.utils import translation

from resources.selectors import crisis_lines_for_reader, region_for_request, sidebar_support_for_topic
from safespace import fragments

register = template.Library()

SIDEBAR_CRISIS_LINES = 3
SIDEBAR_SECONDS = 60 * 60
# What the sidebar shows of each crisis line (resources/partials/_board_resources.html).
_LINE_FIELDS = ("name", "phone_href", "phone_display", "sms_href", "sms_keyword", "sms_display")


@register.simple_tag(takes_context=True)
def board_resources(context, board):
    """A board's sidebar: crisis lines for the reader (from the snapshot, so no query), their region
    picker, and the board topic's other kinds of help. The data is read for every page (lines open
    and close by the hour); the HTML is kept under a digest of all of it (safespace/fragments.py),
    with the page's address and the reader's CSRF token put in per page."""
    request = context.get("request")
    country = region_for_request(request) if request is not None else ""
    crisis_lines = crisis_lines_for_reader(country, limit=SIDEBAR_CRISIS_LINES, topic=board.resource_topic)
    resources = sidebar_support_for_topic(topic=board.resource_topic, country=country)
    choice = crisis_lines.region_choice
    shown = (
        translation.get_language(),
        [tuple(line.get(name) for name in _LINE_FIELDS) for line in crisis_lines],
        (choice.region, choice.region_name, choice.has_lines, tuple(choice.choices)),
        [
            (entry["name"], entry["website"], entry["reach"]["phone_href"], entry["reach"]["phone_display"])
            for entry in resources
        ],
    )

    def render():
        kept_lines = crisis_lines_for_reader(
            country, next_url=fragments.placeholder("next"), limit=SIDEBAR_CRISIS_LINES, topic=board.resource_topic
        )
        return get_template("resources/partials/_board_resources.html").render(
            {"crisis_lines": kept_lines, "resources": resources, "csrf_token": fragments.placeholder("csrf")}
        )

    return fragments.kept_html(
        "resources:board-sidebar",
        shown,
        render,
        seconds=SIDEBAR_SECONDS,
        values=fragments.page_values(context),
    )
