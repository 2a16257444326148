"""The PDF report for the doctor: who, the program, sessions and adherence, pain and its reach over
time as a chart, questionnaire scores with bands, stops for pain, red flags, other treatments, and
what the software is and is not. It compares the person with nobody and promises nothing.

Text needs a Unicode TrueType font for Cyrillic names: the setting `report_font`, else the first of
a few common system fonts (DejaVu Sans, Liberation Sans, Noto Sans). Without one, fpdf2's built-in
Helvetica is used, which knows Latin-1 only: Cyrillic is then transliterated and the report says so.
"""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from spinecoach.domain.reasons import DOES_NOT_REPLACE_A_DOCTOR
from spinecoach.reports.chart import draw_pain_chart
from spinecoach.reports.fonts import latin1
from spinecoach.services.exports import PatientRecord

STATEMENT = (
    "What this is: a record kept by spinecoach, software that guides therapeutic exercises for the "
    "back and keeps a journal. It does not diagnose and does not replace a doctor. It promises no "
    "result and no date for one. Every value is the person's own report, compared only with their "
    "own first value, never with other people."
)


class Report(FPDF):
    def __init__(self, font: Path | None) -> None:
        super().__init__(format="A4")
        self.has_unicode = font is not None
        if font is not None:
            self.add_font("body", "", str(font))
            bold = font.with_name(font.name.replace(".ttf", "-Bold.ttf").replace("-Regular-Bold", "-Bold"))
            self.add_font("body", "B", str(bold if bold.is_file() else font))
            self.body_font = "body"
        else:
            self.body_font = "helvetica"
        self.set_auto_page_break(True, margin=18)
        self.set_title("spinecoach report for the doctor")

    def text_of(self, text: str) -> str:
        return text if self.has_unicode else latin1(text)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.body_font, "", 7)
        self.cell(0, 5, self.text_of(f"spinecoach - not a diagnosis - page {self.page_no()}"), align="C")

    def section(self, text: str) -> None:
        self.ln(2)
        self.set_font(self.body_font, "B", 12)
        self.multi_cell(0, 7, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.body_font, "", 9)

    def line_of(self, text: str, height: float = 5) -> None:
        self.multi_cell(0, height, self.text_of(text), new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[int, ...]) -> None:
        self.set_font(self.body_font, "B", 8)
        for text, width in zip(header, widths, strict=True):
            self.cell(width, 5, self.text_of(text), border="B")
        self.ln()
        self.set_font(self.body_font, "", 8)
        for row in rows:
            for text, width in zip(row, widths, strict=True):
                self.cell(width, 5, self.text_of(text)[:60])
            self.ln()
        self.set_font(self.body_font, "", 9)


def render_report(record: PatientRecord, font: Path | None) -> bytes:
    """The report as PDF bytes."""
    pdf = Report(font)
    pdf.add_page()
    pdf.set_font(pdf.body_font, "B", 16)
    pdf.line_of("Report for the doctor", 9)
    pdf.set_font(pdf.body_font, "", 10)
    pdf.line_of(f"{record.name} ({record.email}), patient {record.patient_id}")
    pdf.line_of(f"Made {_day(record.generated_at)} from the person's spinecoach journal.")
    if not pdf.has_unicode:
        pdf.line_of("No Unicode font was found (setting report_font): Cyrillic text is transliterated.")
    pdf.set_fill_color(235, 240, 248)
    pdf.multi_cell(0, 5, pdf.text_of(f"{STATEMENT} {DOES_NOT_REPLACE_A_DOCTOR.text}"), fill=True)
    _program(pdf, record)
    _sessions(pdf, record)
    _pain(pdf, record)
    _questionnaires(pdf, record)
    _events(pdf, record)
    return bytes(pdf.output())


def _day(at: datetime | str) -> str:
    return (at if isinstance(at, str) else at.isoformat())[:10]


def _program(pdf: Report, record: PatientRecord) -> None:
    pdf.section("The program")
    if record.program_name is None:
        pdf.line_of("No individual program: the two universal breathing exercises.")
        return
    pdf.line_of(f"{record.program_name} ({record.program_kind})")
    rows = [(i.exercise, f"{i.reps} x {i.sets}", " ".join(i.days), i.time) for i in record.program]
    pdf.grid(("exercise", "reps x sets", "days", "time"), rows, (70, 30, 60, 20))


def _sessions(pdf: Report, record: PatientRecord) -> None:
    pdf.section("Sessions and adherence")
    done = sum(s.outcome == "completed" for s in record.sessions)
    pdf.line_of(
        f"{len(record.sessions)} sessions: {done} completed, {len(record.stops_for_pain)} stopped for pain, "
        f"{sum(s.outcome == 'quit' for s in record.sessions)} quit, "
        f"{sum(s.outcome == 'interrupted' for s in record.sessions)} not finished."
    )
    watched = [s.posture for s in record.sessions if s.posture is not None and s.posture.observed > 0]
    if watched:
        observed, correct = sum(p.observed for p in watched), sum(p.correct for p in watched)
        pdf.line_of(
            f"Camera posture check used in {len(watched)} sessions: {observed:.0f} s watched during the "
            f"breathing steps, {correct / observed:.0%} of it in a correct posture."
        )
    weeks = record.progress.adherence[-12:]
    rows = [
        (
            w.week_start.isoformat(),
            str(w.done),
            "-" if w.prescribed is None else str(w.prescribed),
            "-" if w.ratio is None else f"{round(float(w.ratio) * 100)}%",
        )
        for w in weeks
    ]
    if rows:
        pdf.grid(("week from", "completed", "prescribed", "adherence"), rows, (40, 30, 30, 30))


def _pain(pdf: Report, record: PatientRecord) -> None:
    pdf.section("Pain (0-10) and how far it reaches, over time")
    progress = record.progress
    if not progress.pain and not progress.pain_before_sessions:
        pdf.line_of("No pain recorded.")
        return
    if pdf.will_page_break(75):
        pdf.add_page()
    draw_pain_chart(pdf, progress.pain, progress.pain_before_sessions)
    change = progress.pain_change
    if change is not None:
        verdict = "a change that matters" if change.matters else "not a change that matters"
        pdf.line_of(
            f"First {progress.pain[0].score}, latest {progress.pain[-1].score}: {change.direction.value} "
            f"by {abs(int(change.delta))} ({verdict}: 2 points or 30% of the first value)."
        )
    rows = [(_day(p.at), str(p.score), p.reach) for p in progress.pain[-10:]]
    if rows:
        pdf.grid(("date", "pain", "reaches"), rows, (40, 20, 40))


def _questionnaires(pdf: Report, record: PatientRecord) -> None:
    pdf.section("Questionnaires")
    if not record.responses:
        pdf.line_of("None answered yet.")
        return
    rows = []
    for r in record.responses:
        s = r.score()
        if r.instrument == "odi":
            rows.append((_day(r.answered_at), "Oswestry (ODI 2.1a)", f"{s['display']}%", str(s["band"])))
        else:
            score = f"{s['total']}/9, psychosocial {s['psychosocial']}/5"
            rows.append((_day(r.answered_at), "STarT Back", score, f"{s['risk']} risk"))
    pdf.grid(("date", "questionnaire", "score", "band or risk"), rows, (30, 50, 60, 40))
    change = record.progress.odi_change
    if change is not None:
        verdict = "a change that matters" if change.matters else "not a change that matters"
        pdf.line_of(f"ODI, first to latest: {change.direction.value} ({verdict}: 10 points).")
    if not all(r.validated_wording for r in record.responses):
        pdf.line_of("Some answers were given on spinecoach's own short wording, not the validated one.")


def _events(pdf: Report, record: PatientRecord) -> None:
    pdf.section("Stops for pain")
    stops = [(_day(s.started_at), s.exercise, s.outcome) for s in record.stops_for_pain]
    if stops:
        pdf.grid(("date", "exercise", "why"), stops, (30, 80, 60))
    else:
        pdf.line_of("None.")
    pdf.section("Red flags reported")
    flags = [(_day(f["at"]), f["where"], ", ".join(f["flags"])) for f in record.red_flags]
    if flags:
        pdf.grid(("date", "where", "warning signs"), flags, (30, 50, 100))
    else:
        pdf.line_of("None.")
    pdf.section("Other treatments")
    if not record.treatments:
        pdf.line_of("None recorded.")
    for t in record.treatments:
        since = f" since {t['started_on']}" if t["started_on"] else ""
        pdf.line_of(f"{t['kind']}{since}. {t['note']} {t['evidence_note'] or ''}".strip())
