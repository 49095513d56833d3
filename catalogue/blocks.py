"""Blocks of a service description: required documents and the steps of the procedure."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class RequiredDocumentBlock(blocks.CharBlock):
    class Meta:
        icon = "doc-full"
        label = _("Required document")
        preview_value = "Документ за самоличност"
        description = _("A document the applicant must bring or attach (CPSV-AP: Evidence).")


class ProcedureStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    description = blocks.TextBlock(label=_("What to do"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Procedure step")
        template = "catalogue/blocks/procedure_step_block.html"
        preview_value = {"title": "Подайте заявление", "description": "В центъра за услуги или онлайн."}
        description = _("One step of the procedure, in the order the applicant follows it.")
