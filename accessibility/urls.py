from django.urls import path

from . import views

urlpatterns = [
    path("", views.statement, name="accessibility_statement"),
    path("feedback/", views.feedback, name="accessibility_feedback"),
]
