"""Workshop URLs: ``workshops/`` for the facilitator (login), ``w/`` for participants (no account)."""

from django.urls import path

from assessments import workshop_views as views

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
    path("w/<str:token>/", views.join, name="join"),
    path("w/<str:token>/answers/", views.resume, name="resume"),
    path("w/<str:token>/answers/<str:code>/", views.step, name="step"),
    path("w/<str:token>/review/", views.review, name="review"),
]
