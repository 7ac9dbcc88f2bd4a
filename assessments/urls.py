from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("localities/", views.locality_list, name="locality_list"),
    path("localities/new/", views.locality_create, name="locality_create"),
    path("localities/<int:pk>/", views.locality_detail, name="locality_detail"),
    path("localities/<int:pk>/members/", views.member_add, name="member_add"),
    path(
        "localities/<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"
    ),
    path(
        "localities/<int:pk>/members/<int:membership_pk>/owner/",
        views.member_make_owner,
        name="member_make_owner",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("localities/<int:pk>/assessments/new/", views.assessment_start, name="assessment_start"),
    path(
        "localities/<int:pk>/assessments/copy-last/", views.assessment_copy_last, name="assessment_copy_last"
    ),
    path("localities/<int:pk>/assessments/import/", views.assessment_import, name="assessment_import"),
    path("assessments/<int:pk>/", views.assessment_resume, name="assessment_resume"),
    path("assessments/<int:pk>/step/<str:code>/", views.assessment_step, name="assessment_step"),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/results/", views.assessment_results, name="assessment_results"),
    path("assessments/<int:pk>/rematch/", views.assessment_rematch, name="assessment_rematch"),
    path("assessments/<int:pk>/copy/", views.assessment_copy, name="assessment_copy"),
    path("assessments/<int:pk>/download.json", views.assessment_download, name="assessment_download"),
]
