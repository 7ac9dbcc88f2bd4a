"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from assessments.accounts import signup
from ledcheck.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cases/", include("cases.urls")),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("assessments.urls")),
    path("", include("assessments.workshop_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
