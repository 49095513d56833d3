from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bgro.personal_data import EMAIL, LONG_NUMBER
from security.public_forms import PublicFormProtection

from .models import COMMENT_MAX_LENGTH


class PageFeedbackForm(PublicFormProtection):
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("What could be better? (optional)"),
        help_text=_("Do not write your name, e-mail address or phone number: we cannot answer here."),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")  # ids unique beside the page's other forms
        super().__init__(*args, **kwargs)

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        # Kept without personal data: refused rather than silently altered, so the visitor sees why.
        if EMAIL.search(comment) or LONG_NUMBER.search(comment):
            raise ValidationError(
                _("Please remove the e-mail address or phone number from your comment: we keep no personal data.")
            )
        return comment
