from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("workshop-kit/", views.kit, name="kit"),
    path("workshop-kit/<str:lang>/guide.pdf", views.kit_guide, name="kit_guide"),
    path("workshop-kit/<str:lang>/questionnaire.pdf", views.kit_questionnaire, name="kit_questionnaire"),
]
