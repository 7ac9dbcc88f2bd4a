from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("workshop-kit/", views.kit, name="kit"),
    path("workshop-kit/<str:lang>/guide.pdf", views.kit_guide, name="kit_guide"),
    path("workshop-kit/<str:lang>/questionnaire.pdf", views.kit_questionnaire, name="kit_questionnaire"),
    path("workshops/<int:pk>/report.pdf", views.workshop_pdf, name="workshop_pdf"),
    path("assessments/<int:pk>/report.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("localities/<int:pk>/progress/", views.progress, name="progress"),
]
