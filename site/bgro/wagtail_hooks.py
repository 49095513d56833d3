from wagtail import hooks

from .dashboard import moderation_panel


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    panels.append(moderation_panel())


@hooks.register("before_create_page")
def resume_autosaved_draft(request, parent_page, page_class):
    from .autosave import resume_autosaved_draft as resume

    return resume(request, parent_page, page_class)
