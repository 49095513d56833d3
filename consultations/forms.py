"""The visitors' comment form (with the public forms' honeypot) and the listing's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from security.public_forms import PublicFormProtection

WHOLE_DRAFT = ""


class CommentForm(PublicFormProtection):
    section = forms.ChoiceField(label=_("Your comment is about"), required=False)
    author_name = forms.CharField(
        label=_("Name shown with your comment"),
        max_length=100,
        help_text=_("Your name or the organisation you speak for; it is published."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you a link to confirm your comment; the address is never shown."),
    )
    text = forms.CharField(label=_("Your proposal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    accept_policy = forms.BooleanField(label=_("I have read the comment policy"), required=True)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["section"].choices = [(WHOLE_DRAFT, _("The draft as a whole"))] + [
            (block.id, _("Section %(number)d: %(heading)s") % {"number": number, "heading": block.value["heading"]})
            for number, block in consultation.numbered_sections()
        ]
        self.order_fields(["section", "text", "author_name", "email", "accept_policy", "website"])
