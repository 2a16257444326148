"""The pain chart of the report, drawn with fpdf2's own lines and dots (no plotting library).

Pain entries are a blue line with dots, each labelled with where the pain reached; the pain said
before each session is small grey dots. The scale is 0-10 against time.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from fpdf import FPDF

from spinecoach.services.progress import PainPoint

WIDTH, HEIGHT = 160.0, 55.0  # mm
LINE = (0, 70, 200)  # the pain entries
BEFORE = (150, 150, 150)  # pain before sessions
REACH_LABEL = {"none": "", "back": "B", "buttock": "Bt", "thigh": "T", "below-knee": "K", "foot": "F"}


def draw_pain_chart(pdf: FPDF, pain: Sequence[PainPoint], before: Sequence[PainPoint]) -> None:
    left, top = pdf.l_margin + 10, pdf.get_y() + 3
    times = [p.at for p in (*pain, *before)]
    start, end = min(times), max(times)
    if end - start < timedelta(days=1):
        end = start + timedelta(days=1)

    def x(at: datetime) -> float:
        return left + WIDTH * ((at - start) / (end - start))

    def y(score: int) -> float:
        return top + HEIGHT * (1 - score / 10)

    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.set_font(pdf.font_family, "", 7)
    for score in range(0, 11, 2):
        pdf.line(left, y(score), left + WIDTH, y(score))
        pdf.text(left - 5, y(score) + 1, str(score))
    pdf.text(left, top + HEIGHT + 4, start.date().isoformat())
    pdf.text(left + WIDTH - 15, top + HEIGHT + 4, end.date().isoformat())
    pdf.set_fill_color(*BEFORE)
    for p in before:
        pdf.ellipse(x(p.at) - 0.7, y(p.score) - 0.7, 1.4, 1.4, style="F")
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*LINE)
    pdf.set_line_width(0.8)
    for a, b in pairwise(pain):
        pdf.line(x(a.at), y(a.score), x(b.at), y(b.score))
    for p in pain:
        pdf.ellipse(x(p.at) - 1.2, y(p.score) - 1.2, 2.4, 2.4, style="F")
        pdf.text(x(p.at) + 1.5, y(p.score) - 1.5, REACH_LABEL.get(p.reach, "?"))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_y(top + HEIGHT + 6)
    pdf.set_font(pdf.font_family, "", 8)
    pdf.multi_cell(
        0,
        4,
        "Blue: pain entries, labelled with where the pain reached (B back, Bt buttock, T thigh, K below "
        "the knee, F foot). Grey: pain said before each session.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
