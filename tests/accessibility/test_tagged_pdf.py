"""Tagged PDFs: the demo's deliverables are PDF/UA-1 with structure, language, title and figure
alternative text; an untagged upload is flagged to the editor and on the document's page."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader

from accessibility.models import DocumentAccessibility
from accessibility.tagged_pdf import inspect_pdf
from home.demo.artwork import illustration_png, summary_pdf


def reportlab_pdf():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle("Untagged")
    pdf.drawString(100, 750, "No structure tree")
    pdf.save()
    return buffer.getvalue()


def structure_roles(reader):
    roles, pending = set(), [reader.trailer["/Root"]["/StructTreeRoot"]]
    alternative_texts = []
    while pending:
        node = pending.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S"):
            roles.add(str(node["/S"]))
        if node.get("/Alt"):
            alternative_texts.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            pending += kids if isinstance(kids, list) else [kids]
    return roles, alternative_texts


def test_the_demo_deliverables_are_tagged_pdf_ua_with_language_title_and_figure_text():
    figure = (illustration_png("map", ("#0b2a4a", "#f2c94c")), "Карта на трансграничния регион")
    pdf = summary_pdf("Проучване", "Проучване на нуждите", ["Първи абзац.", "Втори абзац."], "BG-RO", "bg", figure)

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "bg"
    assert reader.metadata.title == "Проучване"
    assert b"pdfuaid" in pdf or "/Metadata" in root, "PDF/UA identification in the XMP metadata"
    roles, alternative_texts = structure_roles(reader)
    assert {"/H1", "/P", "/Figure"} <= roles, roles
    assert "Карта на трансграничния регион" in alternative_texts
    assert inspect_pdf(io.BytesIO(pdf)).problems == []


def test_a_pdf_without_tags_is_found_untagged():
    found = inspect_pdf(io.BytesIO(reportlab_pdf()))

    assert not found.tagged
    assert found.problems == ["untagged", "no_language"]
    assert inspect_pdf(io.BytesIO(b"not a pdf")).problems == ["unreadable"]


@pytest.mark.django_db
def test_an_untagged_upload_is_flagged_to_the_editor_and_kept_only_when_accepted(admin_client):
    def upload(**extra):
        return admin_client.post(
            "/admin/documents/add/",
            {"title": "Отчет", "file": SimpleUploadedFile("otchet.pdf", reportlab_pdf(), "application/pdf"), **extra},
        )

    with translation.override("en"):
        response = upload()
    assert response.status_code == 200, "the form comes back with the reason"
    assert "no structure tags" in str(response.context["form"].errors["file"]) or "структурни" in str(
        response.context["form"].errors["file"]
    )
    assert not DocumentAccessibility.objects.exists()

    response = upload(accept_inaccessible_pdf="on")
    assert response.status_code == 302
    assert DocumentAccessibility.objects.get().tagged is False


@pytest.mark.django_db
def test_a_tagged_document_is_recorded_as_accessible():
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Обобщение")
    document.file.save("summary.pdf", ContentFile(summary_pdf("T", "H", ["P"], "F", "en")), save=False)
    document.save()

    record = DocumentAccessibility.objects.get(document=document)
    assert record.tagged and record.language == "en" and record.problems == []
