from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-mailbox/", views.check_mailbox, name="check_mailbox"),
    path("confirm/", views.confirm, name="confirm"),
    path("manage/", views.manage, name="manage"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
