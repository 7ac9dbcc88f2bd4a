"""The site's URLs plus ``/_bench/trivial/``: a logged-in page that renders ``base.html`` and nothing else,
the yardstick every page's throughput is divided by."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

from ledcheck.urls import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path(
        "_bench/trivial/",
        login_required(TemplateView.as_view(template_name="base.html")),
        name="bench_trivial",
    ),
    path("", include("ledcheck.urls")),
]
