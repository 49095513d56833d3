"""Who may delete, unpublish and move a page: Wagtail's rules, and one more.

Wagtail lets whoever may publish a page unpublish it, and whoever may edit and publish a leaf
page delete or move it: every translator could take down the published pages of their tree,
the Bulgarian translators the Bulgarian source pages. Here these three actions also need the
page permission ``bulk_delete`` (Wagtail's *Bulk delete*, "delete pages with children") on the
page's tree, which ``setup_roles`` gives the moderators in the Bulgarian tree and the
administrators everywhere (``bgro.roles``); the home page of a language tree only a superuser
may delete, unpublish or move. Wagtail's group editor shows and keeps this permission, so an
operator sees who holds it.

Wagtail asks ``page.permissions_for_user()`` in every view, menu and bulk action that deletes,
unpublishes or moves (``can_move`` is ``can_delete``), and documents overriding it per page
class: ``BasePage`` returns :class:`SitePagePermissionTester`.
"""

from wagtail.models import PagePermissionTester

# The depth of the language trees' home pages (the root page is 1).
HOME_PAGE_DEPTH = 2
TAKE_DOWN_PERMISSION = "bulk_delete"


class SitePagePermissionTester(PagePermissionTester):
    def may_take_down(self):
        """Whether the user may remove published content from this page's tree at all."""
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        return self.page.depth > HOME_PAGE_DEPTH and TAKE_DOWN_PERMISSION in self.permissions

    def can_delete(self, ignore_bulk=False):
        return self.may_take_down() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.may_take_down() and super().can_unpublish()
