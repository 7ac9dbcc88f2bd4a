"""Project-level views: the home page and the error pages.

The error pages render the site's own templates in the visitor's language (LocaleMiddleware has chosen it
before any view runs) and always offer a way back. Django's defaults are bare English pages.
"""

from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from cases.selectors import published_count


class HomeView(TemplateView):
    """Landing page: what ledcheck is and where to start."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "case_count": published_count()}


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", {"join_link": request.path.startswith("/w/")}, status=404)


def csrf_failure(request, reason=""):
    # The reason (e.g. "CSRF cookie not set") is for developers; visitors get what to do about it.
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def server_error(request):
    """A 500 page that needs nothing that may be what failed: no database, no context processors."""
    from django.http import HttpResponseServerError

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request": request}))
