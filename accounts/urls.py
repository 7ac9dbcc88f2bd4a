"""Sign-up, address verification, plus Django's own log in, log out, password change and reset views."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("verify-email/", views.verify_email_send, name="verify_email_send"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
    path("", include("django.contrib.auth.urls")),
]
