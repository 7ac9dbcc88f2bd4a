"""The questionnaire flow's helpers that need no database."""

import pytest
from django.urls import reverse

from framework import definition as fw
from questionnaire.flow import step_urls


@pytest.mark.parametrize(
    "viewname, args",
    [
        ("assessments:assessment_step", [7]),
        ("workshops:step", ["yMKkcOeWEDk9Mic79IhZzg"]),
        ("workshops:paper_step", [3, 41]),
    ],
)
def test_step_urls_are_the_reversed_urls_of_every_step(viewname, args):
    url = step_urls(viewname, *args)
    codes = [d.code for d in fw.load().dimensions]
    assert [url(code) for code in codes] == [reverse(viewname, args=[*args, code]) for code in codes]
