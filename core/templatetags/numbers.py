"""Numbers in the reader's language: ``{{ share|percent }}`` gives "46%" in English and "46 %" in Spanish."""

from django import template

from core import text

register = template.Library()


@register.filter
def percent(value, decimals=0):
    return text.percent(value, int(decimals))


@register.simple_tag
def percent_template(placeholder="{p}"):
    """The percentage pattern with ``placeholder`` for the number, for scripts that update a page
    (``dashboard.js`` fills in "{p}")."""
    return text.percent_pattern() % {"number": placeholder}
