"""A URLconf with a view that fails, to see the 500 page as visitors get it."""

from django.urls import path

from bgro import urls as site_urls
from bgro.views import server_error


def fail(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("fail/", fail), *site_urls.urlpatterns]
handler500 = server_error
