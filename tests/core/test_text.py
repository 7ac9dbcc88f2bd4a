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
