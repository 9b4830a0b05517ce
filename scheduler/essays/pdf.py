"""Text out of PDF files, for the extracted-text parser."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from scheduler.errors import EssayFileError


def extract_pdf_text(data: bytes, source: str) -> str:
    """The text of every page, pages separated by a break line."""
    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise EssayFileError(
            f"the PDF could not be read ({exc})",
            path=source,
            hint="export the essays again as PDF, or save them as text or Markdown",
        ) from exc
    text = "\n \n".join(pages)
    if not text.strip():
        raise EssayFileError(
            "the PDF holds no text (scanned pages?)",
            path=source,
            hint="export the essays from the word processor rather than scanning them",
        )
    return text
