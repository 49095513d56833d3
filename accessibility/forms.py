from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from accessibility.tagged_pdf import PROBLEMS, inspect_pdf
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


class AccessibleDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) that flags an uploaded PDF
    without structure tags, language or title: the editor sees why it is not accessible and
    uploads it only by ticking the box. Wagtail 8 has no hook after a document upload that could
    show a message instead."""

    accept_inaccessible_pdf = forms.BooleanField(
        label=_("Publish this PDF even though it is not accessible"),
        help_text=_("Only when no tagged version exists; the document's page then says it may be hard to read."),
        required=False,
    )

    def clean(self):
        cleaned_data = super().clean()
        uploaded = self.files.get("file")
        if uploaded and uploaded.name.lower().endswith(".pdf") and not cleaned_data.get("accept_inaccessible_pdf"):
            found = inspect_pdf(uploaded)
            if found.problems:
                self.add_error(
                    "file",
                    format_lazy(
                        _(
                            "This PDF is not accessible: {problems}. Export it again as a tagged PDF (PDF/UA) "
                            "with its language and title, or tick the box below to publish it as it is."
                        ),
                        problems="; ".join(str(PROBLEMS[key]) for key in found.problems),
                    ),
                )
        return cleaned_data
