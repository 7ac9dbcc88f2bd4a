"""Workshop URLs: ``workshops/`` for the facilitator (login), ``w/`` for participants (no account).

Join tokens are URL-safe base64 (letters, digits, ``-``, ``_``): a slug, so nothing else (such as a NUL byte,
which PostgreSQL refuses in a query) ever reaches the database lookup."""

from django.urls import path

from workshops import views

app_name = "workshops"
urlpatterns = [
    path("workshops/", views.workshop_list, name="list"),
    path("workshops/new/", views.workshop_create, name="create"),
    path("workshops/<int:pk>/", views.dashboard, name="dashboard"),
    path("workshops/<int:pk>/live.json", views.dashboard_live, name="live"),
    path("workshops/<int:pk>/qr.svg", views.join_qr, name="qr"),
    path("workshops/<int:pk>/status/", views.workshop_status, name="status"),
    path("workshops/<int:pk>/consensus/", views.workshop_consensus, name="consensus"),
    path("workshops/<int:pk>/results/", views.workshop_results, name="results"),
    path("workshops/<int:pk>/answers.csv", views.export_csv, name="export_csv"),
    path("workshops/<int:pk>/answers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("workshops/<int:pk>/consensus.json", views.export_consensus, name="export_consensus"),
    path("w/", views.join_code, name="join_code"),
    path("w/<slug:token>/", views.join, name="join"),
    path("w/<slug:token>/answers/", views.resume, name="resume"),
    path("w/<slug:token>/answers/<str:code>/", views.step, name="step"),
    path("w/<slug:token>/review/", views.review, name="review"),
]
