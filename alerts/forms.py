from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from security.public_forms import PublicFormProtection

from .models import Frequency
from .topics import get_kind, registered_kinds


def parse_topic(text):
    """"kind:value" → (kind, value) of a registered kind, else None."""
    key, _sep, value = (text or "").partition(":")
    return (key, value) if get_kind(key) is not None and len(value) <= 100 else None


class TopicsForm(PublicFormProtection):
    """Frequency and topics: one group of check boxes per listed topic kind, plus the topics that
    came from a page's own link (``extra``: a service), kept as check boxes too."""

    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )

    def __init__(self, *args, language, extra_topics=(), chosen=(), **kwargs):
        kwargs.setdefault("auto_id", "alerts-%s")
        super().__init__(*args, **kwargs)
        chosen = set(chosen)
        self.kind_fields = []
        for kind in registered_kinds():
            choices = list(kind.choices(language)) if kind.choices else []
            listed = {value for value, _label in choices}
            for key, value in [*extra_topics, *chosen]:
                if key == kind.key and value not in listed:
                    label = kind.value_label(value, language)
                    if label:
                        choices.append((value, label))
                        listed.add(value)
            if not choices:
                continue
            name = f"topic_{kind.key}"
            self.fields[name] = forms.MultipleChoiceField(
                label=kind.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[value for key, value in [*extra_topics, *chosen] if key == kind.key],
            )
            self.kind_fields.append(name)

    def topic_fields(self):
        return [self[name] for name in self.kind_fields]

    def clean(self):
        cleaned = super().clean()
        topics = [
            (name.removeprefix("topic_"), value) for name in self.kind_fields for value in cleaned.get(name, [])
        ]
        if not topics and not self.errors:
            raise ValidationError(_("Choose at least one topic."))
        cleaned["topics"] = topics
        return cleaned


class SubscribeForm(TopicsForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a message to confirm it; until you confirm, you receive nothing else."),
    )
    field_order = ["email", "frequency"]
