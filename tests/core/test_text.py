"""Finding 7 of issue 12: texts composed from other texts fit the field they are stored in."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from assessments.models import Assessment
from assessments.services import start_assessment
from core.text import fit
from framework.services import sync_framework_versions
from tests.assessments.factories import make_locality


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_fit_never_exceeds_the_limit_and_keeps_what_fits(text, limit):
    result = fit(text, limit)
    assert len(result) <= limit
    if len(text) <= limit:
        assert result == text


class DefaultTitles(TestCase):
    @settings(max_examples=10, deadline=None)
    @given(name=st.text(alphabet="aé ñ-W", min_size=1, max_size=120).filter(str.strip))
    def test_a_default_title_fits_in_every_language(self, name):
        from accounts.models import User

        sync_framework_versions()
        user = User.objects.create_user("ana")
        locality = make_locality(user, name="x")
        locality.name = name * 2  # longer than the form allows, as an admin or a script could store
        for language in ("en", "es"):
            with translation.override(language):
                assessment = start_assessment(locality=locality, user=user)
            assessment.full_clean()
            assert len(assessment.title) <= Assessment._meta.get_field("title").max_length
        User.objects.all().delete()


pytestmark = pytest.mark.django_db


# --- percentages in the reader's language (issue 10) ----------------------------------------------


@pytest.mark.parametrize(
    "lang, value, decimals, expected",
    [
        ("en", 46, 0, "46%"),
        ("es", 46, 0, "46\u00a0%"),  # a non-breaking space: "46" and "%" never part at a line end
        ("en", 45.6, 0, "46%"),
        ("es", 12.25, 1, "12,2\u00a0%"),  # Spanish decimal comma (rounded half to even)
        ("en", "50", 0, "50%"),  # {% widthratio ... as x %} gives a string
        ("es", None, 0, ""),
        ("es", "", 0, ""),
    ],
)
def test_percent_follows_the_language(lang, value, decimals, expected):
    from core.text import percent

    with translation.override(lang):
        assert percent(value, decimals) == expected


def test_the_percent_template_for_scripts_keeps_the_placeholder():
    from core.templatetags.numbers import percent_template

    with translation.override("es"):
        assert percent_template() == "{p}\u00a0%"
    with translation.override("en"):
        assert percent_template() == "{p}%"
