from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translation workflow around wagtail-localize: the coverage dashboard, the e-mails to
    translators when a source page or snippet changes, the translation memory, machine translation
    settings and the sitemap's language alternates."""

    name = "translations"
    verbose_name = _("Translation workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published, published
        from wagtail_localize.models import Translation, TranslationSource

        from . import memory
        from .notifications import source_page_published, source_snippet_published, source_snippet_saved

        page_published.connect(source_page_published, dispatch_uid="translations.source_page_published")
        published.connect(source_snippet_published, dispatch_uid="translations.source_snippet_published")
        post_save.connect(source_snippet_saved, dispatch_uid="translations.source_snippet_saved")
        post_save.connect(memory.translation_saved, sender=Translation, dispatch_uid="translations.memory.translation")
        post_save.connect(memory.source_saved, sender=TranslationSource, dispatch_uid="translations.memory.source")
