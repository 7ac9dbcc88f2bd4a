from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("compare/", views.compare, name="compare"),
    path("compare/<slug:key>.csv", views.compare_csv, name="compare_csv"),
    path("<slug:slug>/", views.case_detail, name="case_detail"),
]
