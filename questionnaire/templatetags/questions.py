"""``{{ q|question_card }}``: a question of a step, its card and fields without crispy's template cascade;
``{{ q.field|choices_field }}``, ``{{ q.evidence|textarea_field }}``: its fields alone
(``questionnaire.rendering``); ``{% step_nav steps current editable %}``: the step tabs."""

from django import template

from questionnaire import rendering

register = template.Library()
register.filter("choices_field", rendering.choices_field)
register.filter("textarea_field", rendering.textarea_field)
register.filter("question_card", rendering.question_card)
register.simple_tag(rendering.step_nav, name="step_nav")
