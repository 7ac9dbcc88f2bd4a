"""The questionnaire's fields written in Python (questionnaire/rendering.py) are crispy's Bootstrap 5 markup:
the same tree of elements, attributes and text as ``|as_crispy_field``, in every state a question can be in
(blank, answered, bound with errors, read-only with submit problems), for both kinds of question, in English
and in Spanish. No database: the framework is a file."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import translation

from framework import definition as fw
from framework.answers import DONT_KNOW, NONE_OF_THESE
from questionnaire.forms import EVIDENCE_SUFFIX, StepForm

FRAMEWORK = fw.load()
MESO = next(d for d in FRAMEWORK.dimensions if d.code == "MESO")
SINGLE = next(i for i in MESO.indicators if i.type != "multi")
MULTI = next(i for i in MESO.indicators if i.type == "multi")

CRISPY = Template(
    "{% load crispy_forms_tags %}{% for q in questions %}{{ q.field|as_crispy_field }}"
    "{{ q.evidence|as_crispy_field }}{% endfor %}"
)
OURS = Template(
    "{% load questions %}{% for q in questions %}{{ q.field|choices_field }}"
    "{{ q.evidence|textarea_field }}{% endfor %}"
)
# What rendering.py renders in place of crispy: guards that the comparison compares something.
LANDMARKS = ('type="radio"', 'type="checkbox"', "<textarea", "<fieldset", "form-text")


class Tree(HTMLParser):
    """Elements with their attributes (class tokens sorted) and texts (whitespace collapsed), in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (" ".join(sorted((v or "").split())) if k == "class" else v) for k, v in attrs}
        self.items.append(("<", tag, tuple(sorted(attrs.items()))))

    def handle_endtag(self, tag):
        self.items.append((">", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.items.append(("text", text))


def tree(html: str) -> list:
    parser = Tree()
    parser.feed(html)
    parser.close()
    return parser.items


def forms():
    blank = StepForm(dimension=MESO)
    answered = StepForm(
        dimension=MESO,
        values={
            SINGLE.code: SINGLE.options[1].code,
            MULTI.code: [MULTI.options[0].code, MULTI.options[2].code],
        },
        evidence={SINGLE.code: 'Acta <b>"2019"</b> & co.', MULTI.code: "line one\nline two"},
    )
    dont_know = StepForm(dimension=MESO, values={SINGLE.code: DONT_KNOW, MULTI.code: DONT_KNOW})
    bound = StepForm(
        {
            SINGLE.code: "not-an-option",
            MULTI.code: [NONE_OF_THESE, MULTI.options[0].code],
            SINGLE.code + EVIDENCE_SUFFIX: "x" * 2100,
        },
        dimension=MESO,
    )
    assert not bound.is_valid()
    problems = StepForm(dimension=MESO, read_only=True)
    problems.mark_problems({SINGLE.code: "Answer this question.", MULTI.code: "And this one."})
    return {
        "blank": blank,
        "answered": answered,
        "dont_know": dont_know,
        "bound": bound,
        "problems": problems,
    }


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", ["blank", "answered", "dont_know", "bound", "problems"])
def test_a_question_renders_as_crispy_renders_it(state, language):
    with translation.override(language):
        form = forms()[state]
        context = Context({"questions": form.questions()})
        ours = OURS.render(context)
        theirs = CRISPY.render(context)
    assert all(mark in ours for mark in LANDMARKS)
    assert tree(ours) == tree(theirs)


def test_the_states_differ_where_they_should():
    """The comparison above is not blind to state: checked options, errors, disabled fields show."""
    rendered = {name: OURS.render(Context({"questions": f.questions()})) for name, f in forms().items()}
    assert "checked" not in rendered["blank"] and rendered["answered"].count(" checked") == 3
    assert 'aria-invalid="true"' in rendered["bound"] and "invalid-feedback" in rendered["bound"]
    assert "at most 2000 characters (it has 2100)" in rendered["bound"]
    assert (
        rendered["problems"].count(" disabled") > len(SINGLE.options)
        and "Answer this question." in rendered["problems"]
    )
    assert "Acta &lt;b&gt;&quot;2019&quot;&lt;/b&gt; &amp; co." in rendered["answered"]
