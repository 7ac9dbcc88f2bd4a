from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("localities/<int:pk>/plan/", views.plan, name="plan"),
    path("localities/<int:pk>/plan/add/", views.action_add, name="action_add"),
    path("localities/<int:pk>/plan/next-assessment/", views.review_and_start, name="review_and_start"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
