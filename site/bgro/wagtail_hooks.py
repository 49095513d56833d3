from wagtail import hooks

from .dashboard import moderation_panel


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    panels.append(moderation_panel())
