from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .coverage import STATES


class CoverageFilterForm(forms.Form):
    """The dashboard's filters, read from the query string. A value that is not one of the
    choices is reported beside its field and that filter is not applied."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    content_type = forms.TypedChoiceField(label=_("Content type"), required=False, coerce=int, empty_value=None)
    institution = forms.ChoiceField(label=_("Competent institution (services)"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, coverage, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["language"].choices = everything + [
            (code, get_language_info(code)["name_translated"])
            for code, _native in settings.LANGUAGES
            if code in coverage.languages
        ]
        self.fields["content_type"].choices = everything + sorted(
            ((pk, type_label(content_type)) for pk, content_type in coverage.content_types.items()),
            key=lambda choice: str(choice[1]).casefold(),
        )
        self.fields["institution"].choices = everything + coverage.institutions
        self.fields["state"].choices = everything + list(STATES.items())

    def filters(self):
        """The valid filters by field name, empty ones left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


def type_label(content_type):
    """A page type's plural name in the admin's language ("Services")."""
    model = content_type.model_class()
    if model is None:  # a type whose app is gone
        return content_type.model
    return str(model._meta.verbose_name_plural).capitalize()
