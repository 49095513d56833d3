from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import background_jobs, can_view_jobs


@hooks.register("register_admin_urls")
def register_background_jobs_url():
    return [path("reports/background-jobs/", background_jobs, name="background_jobs")]


class BackgroundJobsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_jobs(request.user)


@hooks.register("register_reports_menu_item")
def register_background_jobs_menu_item():
    return BackgroundJobsMenuItem(_("Background jobs"), reverse("background_jobs"), icon_name="time", order=950)
