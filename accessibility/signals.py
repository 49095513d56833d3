"""Every PDF saved through Wagtail's documents is inspected once (accessibility.tagged_pdf),
when its file changes; other file types have no row."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model

from accessibility.models import DocumentAccessibility
from accessibility.tagged_pdf import inspect_pdf


def inspect_document(document):
    if document.file_extension.lower() != "pdf" or not document.file:
        DocumentAccessibility.objects.filter(document=document).delete()
        return None
    known = DocumentAccessibility.objects.filter(document=document).first()
    if known and document.file_hash and known.file_hash == document.file_hash:
        return known
    with document.open_file() as file:
        found = inspect_pdf(file)
    record, _ = DocumentAccessibility.objects.update_or_create(
        document=document,
        defaults={
            "tagged": found.tagged,
            "language": found.language[:35],
            "title": found.title[:500],
            "problems": found.problems,
            "file_hash": document.file_hash or "",
        },
    )
    return record


@receiver(post_save, sender=get_document_model())
def inspect_saved_document(sender, instance, raw=False, **kwargs):
    if not raw:
        inspect_document(instance)
