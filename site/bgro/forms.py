"""The page editor's form for every page type of the site (``BasePage.base_form_class``)."""

import copy

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import latin_slug


class LatinSlugField(forms.SlugField):
    """A slug field that takes what the editor typed, Cyrillic included, and keeps its
    transliteration (bgro.slugs); empty is allowed here, the title supplies it."""

    def to_python(self, value):
        return latin_slug(super().to_python(value))


class SitePageForm(WagtailAdminPageForm):
    """Latin slugs whether or not the slug widget's JavaScript ran: the slug typed (in any
    script) is transliterated; left empty, it is made from the title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            # Wagtail's slug script would transliterate the title in the browser with its own,
            # Russian-based table ("щ" → "shh"), and a Latin slug reaches the form as it is: the
            # script keeps the Cyrillic instead, and the form gives it the official system's
            # letters ("щ" → "sht") when the page is saved.
            widget = copy.copy(slug.widget)
            widget.attrs = {**slug.widget.attrs, "data-w-slug-allow-unicode-value": True}
            self.fields["slug"] = LatinSlugField(
                label=slug.label,
                help_text=slug.help_text,
                max_length=slug.max_length,
                widget=widget,
                required=False,
                allow_unicode=False,
            )

    def clean(self):
        if "slug" in self.fields and not self.cleaned_data.get("slug") and self.cleaned_data.get("title"):
            self.cleaned_data["slug"] = latin_slug(self.cleaned_data["title"])
        return super().clean()
