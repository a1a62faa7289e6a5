from django import template

from safespace.wording import as_sentence

register = template.Library()

# {% load wording %} … {{ headline|sentence }}: one full stop, never two.
register.filter("sentence", as_sentence)
