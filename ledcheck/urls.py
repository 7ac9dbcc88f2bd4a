"""Root URL configuration: one include per app."""

from django.contrib import admin
from django.urls import include, path

from ledcheck.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cases/", include("cases.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("workshops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
