from django import forms
from django.utils.translation import gettext_lazy as _

from security.public_forms import PublicFormProtection

from .models import Member


class JoinRequestForm(PublicFormProtection, forms.ModelForm):
    """An organisation asks to join the network; it is public once an administrator approves it."""

    # "website" is the honeypot's name (security.public_forms): the member's own site is asked here.
    homepage = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    consent = forms.BooleanField(
        label=_("I agree that the network publishes the organisation's details and the contact given here once the request is approved."),
        required=True,
    )

    class Meta:
        model = Member
        fields = [
            "name", "kind", "sector", "country", "region", "city", "description", "offers", "seeks",
            "contact_name", "email", "phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "offers": forms.Textarea(attrs={"rows": 3}),
            "seeks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        for name in ("name", "kind", "sector", "country", "region", "email", "contact_name"):
            self.fields[name].widget.attrs["required"] = True

    def save(self, commit=True):
        self.instance.website = self.cleaned_data.get("homepage", "")
        return super().save(commit=commit)
