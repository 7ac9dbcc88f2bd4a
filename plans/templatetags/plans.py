"""The plan on the locality's page: ``{% load plans %}{% plan_summary locality %}``.

A template tag rather than an import, so the assessments app (below plans in the layers) needs no Python
dependency on it."""

from django import template

from plans import selectors

register = template.Library()


@register.inclusion_tag("plans/includes/summary.html")
def plan_summary(locality):
    actions = selectors.actions_of(locality)
    open_actions = [a for a in actions if a.is_open]
    return {
        "locality": locality,
        "open_actions": open_actions[:5],
        "open_count": len(open_actions),
        "count": len(actions),
    }


@register.simple_tag
def open_action_count(locality) -> int:
    return len(selectors.open_actions(locality))
