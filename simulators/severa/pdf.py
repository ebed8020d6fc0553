"""A tiny PDF 1.4 writer for the documents Severa hands out (invoice and travel-reimbursement PDFs).

Hand-written, no dependencies: text lines in the standard Helvetica fonts (WinAnsi encoding, so any text
outside Windows-1252 becomes "?"), A4 pages, a correct cross-reference table. Columns are placed by x
offset. The output depends only on the input, so the same document always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 50
LEADING = 1.45  # line height as a multiple of the font size


@dataclass(frozen=True)
class Line:
    """One line of text: `cells` are (x offset from the left margin, text) pairs; bold for headings."""

    cells: Sequence[tuple[float, str]] = field(default_factory=tuple)
    size: float = 10
    bold: bool = False

    @classmethod
    def text(cls, text: str, size: float = 10, bold: bool = False) -> Line:
        return cls(((0, text),), size, bold)

    @classmethod
    def row(cls, *cells: tuple[float, str], size: float = 10, bold: bool = False) -> Line:
        return cls(cells, size, bold)


BLANK = Line()


def escape(text: str) -> bytes:
    """A PDF literal string body: Windows-1252 bytes with \\, ( and ) escaped and no control characters."""
    raw = "".join(ch if ch >= " " else " " for ch in text).encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _paginate(lines: Sequence[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    room = PAGE_HEIGHT - 2 * MARGIN
    for line in lines:
        height = line.size * LEADING
        if height > room and pages[-1]:
            pages.append([])
            room = PAGE_HEIGHT - 2 * MARGIN
        pages[-1].append(line)
        room -= height
    return pages


def _content(lines: Sequence[Line], footer: str) -> bytes:
    ops = [b"BT"]
    y = PAGE_HEIGHT - MARGIN
    for line in lines:
        y -= line.size * LEADING
        font = b"/F2" if line.bold else b"/F1"
        for x, text in line.cells:
            if text:
                ops.append(b"%s %s Tf 1 0 0 1 %s %s Tm (%s) Tj" % (
                    font, _num(line.size), _num(MARGIN + x), _num(y), escape(text)))
    if footer:
        ops.append(b"/F1 8 Tf 1 0 0 1 %s %s Tm (%s) Tj" % (_num(MARGIN), _num(MARGIN / 2), escape(footer)))
    ops.append(b"ET")
    return b"\n".join(ops)


def _num(value: float) -> bytes:
    return (b"%d" % value) if float(value).is_integer() else (b"%.2f" % value)


def _pdf_date(moment: datetime) -> bytes:
    return moment.strftime("D:%Y%m%d%H%M%S").encode() + (b"Z" if moment.utcoffset() is not None else b"")


def render(lines: Sequence[Line], title: str = "", created: datetime | None = None,
           producer: str = "Severa simulator") -> bytes:
    """The PDF document (bytes): the lines top to bottom on as many A4 pages as they need."""
    pages = _paginate(lines) if lines else [[]]
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree's number is known
    pages_ref = add(b"")
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, page_lines in enumerate(pages, start=1):
        footer = f"{title} - page {number}/{len(pages)}" if len(pages) > 1 else ""
        stream = _content(page_lines, footer)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (pages_ref, PAGE_WIDTH, PAGE_HEIGHT, regular, bold, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref
    objects[pages_ref - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_entries = b"/Producer (%s)" % escape(producer)
    if title:
        info_entries += b" /Title (%s)" % escape(title)
    if created is not None:
        info_entries += b" /CreationDate (%s)" % _pdf_date(created)
    info = add(b"<< %s >>" % info_entries)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # the binary comment marks the file as binary
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    return bytes(out)
