"""The template side of safespace.dates: {% load dates %}, then {{ value|when }} for a moment,
{{ value|day }} for a day, {{ value|month }} for a month and {{ value|time_of_day }} for a time with its zone."""

from django import template

from safespace.dates import format_day, format_month, format_time, format_when

register = template.Library()

register.filter("when", format_when)
register.filter("day", format_day)
register.filter("month", format_month)
register.filter("time_of_day", format_time)
