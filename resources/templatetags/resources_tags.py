from django import template

from resources.selectors import region_choice_for_reader, region_for_request, resource_list_for_topic

register = template.Library()


@register.inclusion_tag("resources/partials/_board_resources.html", takes_context=True)
def board_resources(context, board):
    request = context.get("request")
    country = region_for_request(request) if request is not None else ""
    return {
        "resources": resource_list_for_topic(topic=board.resource_topic, country=country),
        "region_choice": region_choice_for_reader(country, next_url=request.get_full_path() if request else ""),
        "csrf_token": context.get("csrf_token"),
    }
