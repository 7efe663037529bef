"""A composed letter as an A4 PDF for a window envelope (fpdf2, pure Python).

Layout (millimetres from the top-left corner of A4, 210 x 297):

* letterhead top left: organisation and district, unit;
* address block at x 25, y 50, 85 x 35: inside the window of a Swedish C5/C4
  window envelope (window 90 x 45 at 20 mm from the left, 45 mm from the top),
  so the letter needs no separate envelope address and nothing else shows;
* date, "Vår referens" and (for a termination) REKOMMENDERAT BREV on the right,
  level with the address;
* the text from y 95, then the signature with the sender's name, phone, the
  visiting and postal address and phone hours; a footer with the page number.

The built-in Helvetica covers Latin-1 (å, ä, ö, é); the few typographic
characters outside it are replaced by their plain equivalents.
"""

from __future__ import annotations

from typing import Final

from fpdf import FPDF

from notifications.letters.render import ComposedLetter

ADDRESS_X: Final = 25.0
ADDRESS_Y: Final = 50.0
ADDRESS_W: Final = 85.0
RIGHT_X: Final = 120.0
BODY_Y: Final = 95.0
MARGIN: Final = 25.0
_PLAIN: Final = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "-", "…": "..."}
)


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _LetterPdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, _latin1(f"{self._footer_text}   Sida {self.page_no()}"), align="C")


def render_pdf(letter: ComposedLetter) -> bytes:
    head = letter.letterhead
    pdf = _LetterPdf(f"{head.organisation}, {head.district_name} - {letter.spec.title}")
    pdf.set_title(_latin1(letter.spec.title))
    pdf.set_author(_latin1(f"{head.organisation}, {head.district_name}"))
    pdf.set_creator("Bostadsplattformen")
    pdf.set_margins(MARGIN, 20, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()

    # Letterhead
    pdf.set_xy(MARGIN, 18)
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(
        0, 7, _latin1(f"{head.organisation}, {head.district_name}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 5, _latin1(head.unit), new_x="LMARGIN", new_y="NEXT")

    # Window-envelope address block
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(ADDRESS_X, ADDRESS_Y)
    for line in letter.recipient.lines:
        pdf.set_x(ADDRESS_X)
        pdf.cell(ADDRESS_W, 5.5, _latin1(line), new_x="LEFT", new_y="NEXT")

    # Date and reference, right of the window
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(RIGHT_X, ADDRESS_Y)
    right = [letter.letter_date, f"Vår referens: {letter.reference}"]
    for line in right:
        pdf.set_x(RIGHT_X)
        pdf.cell(0, 5.5, _latin1(line), new_x="LEFT", new_y="NEXT")
    if letter.spec.registered_post:
        pdf.set_x(RIGHT_X)
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(0, 5.5, "REKOMMENDERAT BREV", new_x="LEFT", new_y="NEXT")

    # Text
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(MARGIN, BODY_Y)
    for paragraph in letter.body.rstrip().split("\n"):
        pdf.multi_cell(0, 5.5, _latin1(paragraph) or " ", new_x="LMARGIN", new_y="NEXT")

    # Signature and how to reach us
    pdf.ln(6)
    for line in letter.signature:
        pdf.multi_cell(0, 5.5, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
