"""The step tabs written in Python (questionnaire.rendering.step_nav) are the markup the template they
replace wrote (kept here as ORIGINAL), whitespace aside, in both languages, editable or not."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from framework import definition as fw
from questionnaire import navigation
from questionnaire.rendering import step_nav

ORIGINAL = """{% load i18n %}
<nav class="step-nav mb-4" aria-label="{% translate 'Steps of the questionnaire' %}">
  <ol class="list-unstyled d-flex flex-wrap gap-2 mb-0">
    {% for s in steps %}
      <li>
        {% if editable %}
          <button type="submit" form="step-form" name="goto" value="{{ s.code }}"
                  class="btn btn-sm step-link {% if s.code == current %}btn-primary{% else %}btn-outline-secondary{% endif %}"
                  {% if s.code == current %}aria-current="step"{% endif %}>
        {% else %}
          <a href="{{ s.url }}"
             class="btn btn-sm step-link {% if s.code == current %}btn-primary{% else %}btn-outline-secondary{% endif %}"
             {% if s.code == current %}aria-current="step"{% endif %}>
        {% endif %}
          <span class="step-number">{{ s.number }}</span> {{ s.name }}
          <span class="step-count">{% if s.complete %}<span aria-hidden="true">✓</span><span class="visually-hidden">{% translate "(complete)" %}</span>{% else %}<span class="visually-hidden">(</span>{{ s.answered }}/{{ s.total }}<span class="visually-hidden"> {% translate "answered" %})</span>{% endif %}</span>
        {% if editable %}</button>{% else %}</a>{% endif %}
      </li>
    {% endfor %}
  </ol>
</nav>"""  # noqa: E501


def normalised(markup: str) -> str:
    markup = re.sub(r"\s+", " ", markup)
    return re.sub(r"\s*(<|>)\s*", r"\1", markup).replace(' "', '"').strip()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("editable, current", [(True, "MESO"), (False, "INIT"), (False, "")])
def test_the_tabs_are_the_templates_markup(language, editable, current):
    framework = fw.load()
    first = framework.dimensions[0].indicators[0].code
    values = {first: "dont_know", **{i.code: "x" for i in framework.dimension("MESO").indicators}}
    steps = navigation.step_links(framework, values, lambda code: f"/assessments/1/step/{code}/?a=1&b=<2>")
    assert any(s.complete for s in steps) and any(not s.complete for s in steps)
    with translation.override(language):
        expected = Template(ORIGINAL).render(
            Context({"steps": steps, "current": current, "editable": editable})
        )
        assert normalised(step_nav(steps, current, editable)) == normalised(expected)
