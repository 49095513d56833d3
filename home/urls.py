from django.urls import path

from . import views

urlpatterns = [
    path("", views.display, name="display"),
    path("slides.json", views.display_slides_json, name="display_slides"),
]
