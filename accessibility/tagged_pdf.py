"""Is an uploaded PDF tagged? A tagged PDF has a structure tree (/StructTreeRoot) and says so
(/MarkInfo /Marked true); without them a screen reader has no headings, reading order or
alternative texts. Also read: the document's language (/Lang) and title (metadata), which
PDF/UA asks for. Read with pypdf; a file pypdf cannot parse is reported as such."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PROBLEMS = {
    "untagged": _("no structure tags: screen readers cannot follow its headings and reading order"),
    "no_language": _("no document language"),
    "no_title": _("no title in its metadata"),
    "unreadable": _("the file could not be read as a PDF"),
}


@dataclass
class PdfAccessibility:
    tagged: bool = False
    language: str = ""
    title: str = ""
    problems: list = field(default_factory=list)  # keys of PROBLEMS


def inspect_pdf(file):
    """``file``: a binary file object, read from its start."""
    file.seek(0)
    try:
        reader = PdfReader(file)
        root = reader.trailer["/Root"]
        mark_info = root.get("/MarkInfo") or {}
        result = PdfAccessibility(
            tagged=bool(mark_info.get("/Marked")) and "/StructTreeRoot" in root,
            language=str(root.get("/Lang") or ""),
            title=str((reader.metadata or {}).get("/Title") or ""),
        )
    except (PdfReadError, KeyError, ValueError, TypeError, OSError):
        return PdfAccessibility(problems=["unreadable"])
    finally:
        file.seek(0)
    result.problems = [
        key
        for key, missing in (
            ("untagged", not result.tagged),
            ("no_language", not result.language),
            ("no_title", not result.title),
        )
        if missing
    ]
    return result


def untagged_pdf_count(documents):
    from accessibility.models import DocumentAccessibility

    return DocumentAccessibility.objects.filter(document__in=documents, tagged=False).count()
