"""The catalogue's open-data API, included by the project at ``api/catalogue/`` (no language prefix)."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("cpsv-ap.jsonld", views.cpsv_ap_catalogue, name="cpsv_ap_catalogue"),
    path("services/<slug:catalogue_id>/cpsv-ap.jsonld", views.cpsv_ap_service, name="cpsv_ap_service"),
    path("institutions/<slug:catalogue_id>/cpsv-ap.jsonld", views.cpsv_ap_institution, name="cpsv_ap_institution"),
]
