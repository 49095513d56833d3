"""A model field for a small set of codes chosen from a fixed list (audiences, channels)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultipleChoiceField(models.CharField):
    """Stores the chosen codes as ``",a,b,"`` so one code can be filtered with ``__contains``
    on SQLite and PostgreSQL alike; Python sees a list of codes."""

    def __init__(self, *args, options=(), **kwargs):
        self.options = list(options)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["options"] = self.options
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    @staticmethod
    def lookup_value(code):
        """The value to give ``__contains`` to find records that include ``code``."""
        return f",{code},"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return list(value)
        return [code for code in value.split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        codes = self.to_python(value)
        if not codes and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        known = {code for code, _label in self.options}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(codes)s"), code="invalid_choice", params={"codes": ", ".join(unknown)}
            )
        if len(set(codes)) != len(codes):
            raise ValidationError(_("A value is chosen twice."), code="duplicate")

    def run_validators(self, value):
        # The length validator of CharField would count the list, not the stored text.
        return

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": self.options,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        for key in ("max_length", "empty_value"):
            defaults.pop(key, None)
        form_class = defaults.pop("form_class")
        return form_class(**{k: v for k, v in defaults.items() if k in _FORM_KWARGS})

    def labels(self, codes):
        names = dict(self.options)
        return [names.get(code, code) for code in codes]


_FORM_KWARGS = {"choices", "widget", "required", "label", "help_text", "initial", "disabled", "validators"}
