import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CITATION_PARTS = [
    "A.H.J. Helmsing (2001)",
    "Partnerships, Meso-institutions and Learning",
    "New local and regional economic development initiatives in Latin America",
    "Institute of Social Studies, The Hague",
]


def test_home_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for part in CITATION_PARTS:
        assert part in html
    assert 'id="main"' in html
    assert 'href="#main"' in html
    assert reverse("cases:case_list") in html
    assert "Browse the 0 benchmark cases" in html  # no case loaded in this test


def test_the_home_page_counts_the_published_cases(client, benchmark_cases):
    from cases.models import Case

    assert "Browse the 12 benchmark cases" in client.get(reverse("home")).content.decode()
    ilo = Case.objects.get(slug="ilo")
    ilo.published = False
    ilo.save()  # as the admin saves it (a bulk update would have to renew the revision: cases.signals)
    assert "Browse the 11 benchmark cases" in client.get(reverse("home")).content.decode()


def test_home_uses_vendored_assets_only(client):
    html = client.get(reverse("home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/js/site.js" in html
    # The Bootstrap bundle (80 KB: Popper, modals, tooltips ...) is on no page: site.js does the two things
    # the pages use.
    assert "bootstrap.bundle" not in html
    assert "cdn" not in html.lower()
    assert "https://" not in html.replace('href="https://', "")  # no remote src=/href= resources


def test_no_inline_scripts_or_handlers(client):
    html = client.get(reverse("home")).content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html and " onchange=" not in html and " onsubmit=" not in html
    assert html.count("<script") == html.count("<script src=")


def test_language_switcher_present(client):
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language"' in html
    assert 'value="es"' in html
    assert '<label class="text-white small mb-0" for="language-select">' in html


def test_switch_language_to_spanish(client, settings):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    html = client.get(reverse("home")).content.decode()
    assert '<html lang="es">' in html


def test_staff_sees_admin_link(client, django_user_model):
    user = django_user_model.objects.create_user("officer", password="pw-123456", is_staff=True)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "officer" in html
    assert reverse("admin:index") in html


def test_anonymous_sees_no_admin_link(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in html


def test_static_files_are_served(live_server):
    import urllib.request

    for path in ("/static/vendor/bootstrap/bootstrap.min.css", "/static/css/ledcheck.css"):
        with urllib.request.urlopen(live_server.url + path) as resp:
            assert resp.status == 200


def test_home_page_leads_to_the_self_assessment(client, django_user_model):
    from django.urls import reverse

    # A new visitor is sent to sign up first (issue 9, item 7), with a way to log in instead.
    page = client.get("/").content.decode()
    assert f'href="{reverse("signup")}">Assess your locality' in page
    assert reverse("login") in page
    user = django_user_model.objects.create_user(username="ana", password="a-Long-enough-pass-42")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert f'href="{reverse("assessments:locality_list")}">Assess your locality' in page
