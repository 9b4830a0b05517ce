"""Markdown, HTML, PDF and plain text essays, and reading files by suffix."""

from __future__ import annotations

import pytest

from scheduler.errors import EssayFileError
from scheduler.essays.reading import parse_document, read_document
from scheduler.essays.slugs import slugify

HUGO_POST = """---
title: "Kwaliteit: van contact"
date: 2016-05-03
url: /blog/kwaliteit-van-contact/
---
# Kwaliteit: van contact

Dit is **vet**, _schuin_ en `code`, met [een link](https://x.nl) en
![een plaatje](a.png) <b>html</b>.

- Eerste punt.
- Tweede punt.

## Een tussenkop

> Een citaat van een ander.
"""


def test_markdown_front_matter_gives_title_date_and_url():
    (essay,) = parse_document(HUGO_POST, source="post.md", fmt="md").essays
    assert (essay.title, essay.date, essay.url) == (
        "Kwaliteit: van contact",
        "2016-05-03",
        "/blog/kwaliteit-van-contact/",
    )
    assert essay.slug == "kwaliteit-van-contact"


def test_markdown_markup_is_stripped_and_list_items_are_paragraphs():
    (essay,) = parse_document(HUGO_POST, source="post.md", fmt="md").essays
    assert essay.paragraphs[:3] == (
        "Dit is vet, schuin en code, met een link en html.",
        "Eerste punt.",
        "Tweede punt.",
    )
    assert not any("Een tussenkop" in p or "Kwaliteit:" in p for p in essay.paragraphs)


def test_a_markdown_blockquote_is_marked_as_someone_elses_words():
    (essay,) = parse_document(HUGO_POST, source="post.md", fmt="md").essays
    assert essay.paragraphs[3] == "Een citaat van een ander."
    assert [index for index, _ in essay.cited] == [3]


def test_a_slug_or_permalink_in_front_matter_is_used():
    text = "---\ntitle: Titel\nslug: eigen-slug\npermalink: /p/1/\n---\nTekst.\n"
    (essay,) = parse_document(text, source="p.md", fmt="md").essays
    assert (essay.slug, essay.url) == ("eigen-slug", "/p/1/")


def test_several_top_level_headings_without_a_front_matter_title_are_several_essays():
    text = "# Een\n\nTekst een.\n\n## Sub\n\nMeer.\n\n# Twee\n\nTekst twee.\n"
    document = parse_document(text, source="bundel.md", fmt="md")
    assert [(e.title, e.paragraphs) for e in document.essays] == [
        ("Een", ("Tekst een.", "Meer.")),
        ("Twee", ("Tekst twee.",)),
    ]


def test_invalid_front_matter_names_the_file_and_line():
    with pytest.raises(EssayFileError, match="front matter") as caught:
        parse_document("---\ntitle: [kapot\n---\nTekst.\n", source="kapot.md", fmt="md")
    assert caught.value.path == "kapot.md" and caught.value.line is not None


def test_html_articles_are_essays_with_tags_scripts_and_styles_stripped():
    html = """<html><head><title>Blog</title><style>p { color: red }</style></head><body>
    <nav><p>Menu</p></nav>
    <article><h1>Eerste</h1><p>Een <em>mooie</em>,
    zin.<br>Nog een.</p><script>track()</script></article>
    <article><h2>Tweede</h2><p>Tekst.</p><ul><li>Punt.</li></ul>
    <blockquote><p>Citaat.</p><cite>Brené Brown</cite></blockquote></article>
    </body></html>"""
    document = parse_document(html, source="blog.html", fmt="html")
    first, second = document.essays
    assert (first.title, first.paragraphs) == ("Eerste", ("Een mooie, zin. Nog een.",))
    assert (second.title, second.paragraphs[:2]) == ("Tweede", ("Tekst.", "Punt."))
    assert second.cited == ((2, "Brené Brown"),)


def test_an_html_page_without_articles_splits_at_h1_and_falls_back_to_the_title():
    two = "<h1>Een</h1><p>A.</p><h1>Twee</h1><p>B.</p>"
    assert [e.title for e in parse_document(two, source="x.html", fmt="html").essays] == [
        "Een",
        "Twee",
    ]
    titled = "<html><head><title>Paginatitel</title></head><body><p>Tekst.</p></body></html>"
    assert parse_document(titled, source="y.html", fmt="html").essays[0].title == "Paginatitel"


def test_plain_text_with_empty_lines_between_paragraphs_is_read_too():
    text = "Mijn titel\n\nEerste regel\nloopt door.\n\nTweede alinea.\n"
    (essay,) = parse_document(text, source="e.txt", fmt="txt").essays
    assert (essay.title, essay.paragraphs) == (
        "Mijn titel",
        ("Eerste regel loopt door.", "Tweede alinea."),
    )


def _minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text lines, offsets computed for the xref table."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_a_pdf_is_read_through_the_extracted_text_parser(tmp_path):
    path = tmp_path / "essay.pdf"
    path.write_bytes(_minimal_pdf(["Mijn essay", " ", "Kwetsbaarheid is een senior capaciteit."]))
    document = read_document(path)
    (essay,) = document.essays
    assert essay.title == "Mijn essay"
    assert essay.paragraphs == ("Kwetsbaarheid is een senior capaciteit.",)
    assert essay.source == "essay.pdf"


def test_a_broken_pdf_is_refused_with_its_name(tmp_path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\nniets\n")
    with pytest.raises(EssayFileError, match="PDF") as caught:
        read_document(path)
    assert caught.value.path == str(path)


def test_files_are_read_by_suffix_and_decoded(tmp_path):
    path = tmp_path / "post.markdown"
    path.write_bytes("# Geïnspireerd\n\nHij creëert „ruimte“.\n".encode("cp1252"))
    (essay,) = read_document(path).essays
    assert (essay.title, essay.paragraphs) == ("Geïnspireerd", ("Hij creëert „ruimte“.",))


def test_an_unknown_suffix_is_refused_with_the_known_ones(tmp_path):
    path = tmp_path / "essay.docx"
    path.write_bytes(b"PK")
    with pytest.raises(EssayFileError, match="unknown essay file type") as caught:
        read_document(path)
    assert ".md" in caught.value.hint


def test_two_essays_with_one_title_get_distinct_slugs():
    text = "# Titel\n\nA.\n\n# Titel\n\nB.\n"
    assert [e.slug for e in parse_document(text, source="d.md", fmt="md").essays] == [
        "titel",
        "titel-2",
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "De kracht van het NU in een op macht georiënteerde organisatie",
            "de-kracht-van-het-nu-in-een-op-macht-georienteerde-organisatie",
        ),
        ("Kwaliteit: van contact!", "kwaliteit-van-contact"),
        ("Één café, naïef", "een-cafe-naief"),
    ],
)
def test_slugify_folds_diacritics_to_lowercase_ascii_with_hyphens(title, slug):
    assert slugify(title) == slug
