"""``{{ q.field|choices_field }}``, ``{{ q.evidence|textarea_field }}``: a question's fields without crispy's
template cascade (``questionnaire.rendering``)."""

from django import template

from questionnaire import rendering

register = template.Library()
register.filter("choices_field", rendering.choices_field)
register.filter("textarea_field", rendering.textarea_field)
