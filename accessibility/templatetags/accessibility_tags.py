from django import template

from accessibility.models import DocumentAccessibility

register = template.Library()


@register.simple_tag
def documents_accessibility(documents):
    """``[(code, document)]`` → ``{document id: DocumentAccessibility}``, in one query."""
    ids = [document.pk for _, document in documents]
    return {record.document_id: record for record in DocumentAccessibility.objects.filter(document_id__in=ids)}


@register.filter
def lookup(mapping, key):
    return mapping.get(key)
