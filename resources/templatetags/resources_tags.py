from django import template

from resources.selectors import resource_list_for_topic

register = template.Library()


@register.inclusion_tag("resources/partials/_board_resources.html", takes_context=True)
def board_resources(context, board):
    request = context.get("request")
    from resources.selectors import region_for_request

    country = region_for_request(request) if request is not None else ""
    return {"resources": resource_list_for_topic(topic=board.resource_topic, country=country)}
