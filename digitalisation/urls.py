from django.urls import path

from . import views

app_name = "digitalisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/<str:key>/", views.region, name="region"),
    path("data/<slug:table>.<str:extension>", views.download, name="download"),
]
