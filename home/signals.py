"""Keep the Romanian and English trees in step with the Bulgarian one after migrations.

wagtail-localize creates aliases when an editor adds a page in the admin; pages created
by migrations have no such hook, so the synchronisation runs once after ``migrate``.
"""

from wagtail_localize.models import LocaleSynchronization

from bgro.framework_internals import synchronise_trees


def synchronise_locale_trees(**kwargs):
    synchronisations = list(LocaleSynchronization.objects.select_related("locale", "sync_from"))
    if not synchronisations:
        return
    synchronise_trees(synchronisations)
