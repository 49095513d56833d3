from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import feedback_report


@hooks.register("register_admin_urls")
def register_feedback_report_url():
    return [path("reports/page-feedback/", feedback_report, name="feedback_report")]


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return MenuItem(_("Page feedback"), reverse("feedback_report"), icon_name="help", order=910)
