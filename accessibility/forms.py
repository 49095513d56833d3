from django import forms
from django.utils.translation import gettext_lazy as _

from security.public_forms import PublicFormProtection


class FeedbackForm(PublicFormProtection):
    message = forms.CharField(
        label=_("What did you find hard to use, or which content do you need in another form?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Describe the problem, so that we can fix it.")},
    )
    page_address = forms.CharField(label=_("Address of the page (optional)"), required=False, max_length=500)
    email = forms.EmailField(
        label=_("Your e-mail address, if you want a reply (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.bg, or leave the field empty.")},
    )

    def full_clean(self):
        """A field in error points to its message (aria-describedby) and says so (aria-invalid),
        so a screen reader announces the error with the field."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )
