from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..topics import topics_offered_on

register = template.Library()


@register.inclusion_tag("alerts/subscribe_link.html")
def subscribe_link(page):
    """“Get e-mail alerts”, with the page's own topics (its service, its institution) preselected."""
    query = urlencode([("topic", topic) for topic in topics_offered_on(page)])
    return {"url": reverse("alerts:subscribe") + (f"?{query}" if query else "")}
