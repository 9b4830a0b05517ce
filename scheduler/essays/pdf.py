"""Text out of PDF files, for the extracted-text parser."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from scheduler.errors import EssayFileError


def extract_pdf_text(data: bytes, source: str) -> str:
    """The text of every page, pages separated by a break line."""
    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (DependencyError, FileNotDecryptedError) as exc:
        # pypdf opens an empty-password PDF itself, but AES needs a crypto library we don't
        # ship, and a real password we don't know: either way the text is locked.
        raise EssayFileError(
            "the PDF is encrypted (password-protected), so its text cannot be read",
            path=source,
            hint="save or export it again without a password, or as text or Markdown",
        ) from exc
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
