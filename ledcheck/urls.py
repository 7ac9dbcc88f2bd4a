"""Root URL configuration: one include per app."""

from django.contrib import admin
from django.urls import include, path

from ledcheck import views
from ledcheck.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cases/", include("cases.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("workshops.urls")),
    path("", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Error pages in the visitor's language, with a way back (templates/400.html ... 500.html).
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
