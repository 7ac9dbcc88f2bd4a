"""Project-level views."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    """Landing page: what ledcheck is and where to start."""

    template_name = "home.html"
