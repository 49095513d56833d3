from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("members/<slug:slug>/", views.member, name="member"),
    path("agreements/", views.agreements, name="agreements"),
    path("join/", views.join, name="join"),
    path("join/received/", views.join_received, name="join_received"),
]
