from django import template

from resources.selectors import crisis_lines_for_reader, region_for_request, sidebar_support_for_topic

register = template.Library()

SIDEBAR_CRISIS_LINES = 3


@register.inclusion_tag("resources/partials/_board_resources.html", takes_context=True)
def board_resources(context, board):
    """A board's sidebar: crisis lines for the reader (from the snapshot, so no query), their region
    picker, and the board topic's other kinds of help."""
    request = context.get("request")
    country = region_for_request(request) if request is not None else ""
    return {
        "crisis_lines": crisis_lines_for_reader(
            country,
            next_url=request.get_full_path() if request else "",
            limit=SIDEBAR_CRISIS_LINES,
            topic=board.resource_topic,
        ),
        "resources": sidebar_support_for_topic(topic=board.resource_topic, country=country),
        "csrf_token": context.get("csrf_token"),
    }
