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
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("workshops/<int:pk>/duplicate/", views.workshop_duplicate, name="duplicate"),
    path("workshops/<int:pk>/second-round/", views.workshop_second_round, name="second_round"),
    path("workshops/<int:pk>/delete/", views.workshop_delete, name="delete"),
    path("workshops/<int:pk>/live.json", views.dashboard_live, name="live"),
    path("workshops/<int:pk>/qr.svg", views.join_qr, name="qr"),
    path("workshops/<int:pk>/status/", views.workshop_status, name="status"),
    path("workshops/<int:pk>/share/", views.workshop_share, name="share"),
    path("workshops/<int:pk>/participants/", views.participant_list, name="participants"),
    path(
        "workshops/<int:pk>/participants/<int:participant>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("workshops/<int:pk>/present/", views.present_start, name="present_start"),
    path("workshops/<int:pk>/present/<int:number>/", views.present, name="present"),
    path("workshops/<int:pk>/notes/<str:code>/", views.save_note, name="note"),
    path("workshops/<int:pk>/groups/", views.opinion_groups, name="groups"),
    path("workshops/<int:pk>/consensus/", views.workshop_consensus, name="consensus"),
    path("workshops/<int:pk>/consensus/<int:number>/", views.consensus_step, name="consensus_step"),
    path("workshops/<int:pk>/consensus/record/", views.consensus_record, name="consensus_record"),
    path("workshops/<int:pk>/results/", views.workshop_results, name="results"),
    path("workshops/<int:pk>/answers.csv", views.export_csv, name="export_csv"),
    path("workshops/<int:pk>/answers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("workshops/<int:pk>/consensus.json", views.export_consensus, name="export_consensus"),
    path("w/", views.join_code, name="join_code"),
    path("w/sw.js", views.service_worker, name="service_worker"),
    path("w/<slug:token>/", views.join, name="join"),
    path("w/<slug:token>/someone-else/", views.someone_else, name="someone_else"),
    path("w/<slug:token>/answers/", views.resume, name="resume"),
    path("w/<slug:token>/answers/<str:code>/", views.step, name="step"),
    path("w/<slug:token>/review/", views.review, name="review"),
    path("w/<slug:token>/results/", views.participant_results, name="participant_results"),
]
