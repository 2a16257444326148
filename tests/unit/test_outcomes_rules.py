"""The questionnaire files, when a questionnaire is due, adherence per week and the outcome alerts."""

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from spinecoach.catalog import CatalogError
from spinecoach.catalog.questionnaires import load_questionnaires
from spinecoach.domain.adherence import ProgramPeriod, weekly_adherence
from spinecoach.domain.outcome_alerts import odi_alert, pain_alert, startback_alert
from spinecoach.domain.outcome_schedule import DEFAULT_INTERVAL_WEEKS, due_status
from spinecoach.domain.startback import StartBackScore

T0 = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # a Monday


def test_the_shipped_forms_carry_no_licensed_wording_and_say_so() -> None:
    forms = load_questionnaires()
    odi, sbt = forms["odi"], forms["startback"]
    assert [i.text.en for i in odi.items][:3] == [
        "Pain intensity",
        "Personal care (washing, dressing)",
        "Lifting",
    ]
    assert len(odi.items) == 10 and all(len(i.options) == 6 for i in odi.items)
    assert len(sbt.items) == 9 and [o.code for o in sbt.items[8].options][-1] == "extremely"
    assert not odi.validated_wording and not sbt.validated_wording
    assert "not the validated wording" in sbt.notice.en


LICENSED = """
startback:
  source: "Keele STarT Back Screening Tool, (c) Keele University, used under its licence"
  items:
{items}
"""


def licensed_file(tmp_path: Path, count: int = 9, extra: str = "") -> Path:
    lines = [f"    sbt-{n}: {{text: {{en: 'Official item {n}'}}}}" for n in range(1, count + 1)]
    path = tmp_path / "texts.yaml"
    path.write_text(LICENSED.format(items="\n".join(lines) + extra), encoding="utf-8")
    return path


def test_a_clinic_file_replaces_the_wording_and_keeps_codes_and_scores(tmp_path: Path) -> None:
    forms = load_questionnaires(licensed_file(tmp_path))
    sbt = forms["startback"]
    assert sbt.validated_wording and "Keele University" in sbt.wording_source
    assert sbt.items[0].text.en == "Official item 1" and sbt.items[0].text.ru == "Official item 1"
    assert [o.score for o in sbt.items[8].options] == [0, 0, 0, 1, 1]
    assert not forms["odi"].validated_wording  # the file gave no ODI texts


def test_a_clinic_file_missing_an_item_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="item 'sbt-9' is missing"):
        load_questionnaires(licensed_file(tmp_path, count=8))


def test_a_clinic_file_with_an_unknown_item_or_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="unknown item 'sbt-10'"):
        load_questionnaires(licensed_file(tmp_path, count=10))
    path = tmp_path / "bad.yaml"
    path.write_text("odi: {source: x, items: {}, colour: red}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"(?s)bad.yaml.*odi.colour: is not a known field"):
        load_questionnaires(path)
    with pytest.raises(CatalogError, match="is not a file"):
        load_questionnaires(tmp_path / "absent.yaml")


def test_a_shipped_form_that_no_longer_matches_the_scoring_is_refused(tmp_path: Path) -> None:
    src = Path(__file__).parents[2] / "src/spinecoach/catalog/questionnaires"
    for name in ("odi.yaml", "startback.yaml"):
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "odi.yaml").read_text(encoding="utf-8")
    (tmp_path / "odi.yaml").write_text(text.replace('{code: "5", score: 5', '{code: "6", score: 5'))
    with pytest.raises(CatalogError, match=r"odi.yaml: the items and answer codes do not match"):
        load_questionnaires(folder=tmp_path)


def test_a_questionnaire_is_due_at_the_start_then_every_interval() -> None:
    assert due_status("odi", None, DEFAULT_INTERVAL_WEEKS, T0).due
    answered = T0 - timedelta(weeks=4)
    assert due_status("odi", answered, 4, T0).due  # exactly four weeks later
    assert not due_status("odi", answered + timedelta(seconds=1), 4, T0).due
    status = due_status("odi", T0, 6, T0)
    assert not status.due and status.due_at == T0 + timedelta(weeks=6)


def test_adherence_counts_completed_sessions_against_the_program_in_force() -> None:
    programs = [ProgramPeriod(T0, 6), ProgramPeriod(T0 + timedelta(days=9), 3)]  # replaced on Wednesday
    completed = [T0 + timedelta(days=d) for d in (0, 1, 2, 8, 9)]
    weeks = weekly_adherence(programs, completed, date(2026, 12, 9))
    assert [(w.week_start, w.done, w.prescribed) for w in weeks] == [
        (date(2026, 11, 23), 3, 6),
        (date(2026, 11, 30), 2, 3),  # the newer program is in force that week
        (date(2026, 12, 7), 0, 3),
    ]
    assert weeks[0].ratio == Fraction(1, 2) and weeks[0].as_dict()["ratio"] == 0.5


def test_weeks_before_any_program_have_no_ratio() -> None:
    weeks = weekly_adherence([], [T0], date(2026, 11, 24))
    assert [(w.done, w.prescribed, w.ratio) for w in weeks] == [(1, None, None)]
    assert weekly_adherence([], [], date(2026, 11, 24)) == []


def test_pain_alert_only_for_a_rise_that_matters() -> None:
    assert pain_alert(None, 9) is None  # the first value is the baseline
    assert pain_alert(4, 5) is None  # 1 point, 25%
    message = pain_alert(4, 6)
    assert message is not None and "up from 4/10" in message
    assert pain_alert(6, 2) is None  # better is no alert


def test_odi_alert_at_ten_points_exactly_and_not_below() -> None:
    assert odi_alert(Fraction(30), Fraction(40)) is not None
    assert odi_alert(Fraction(30), Fraction(39)) is None
    assert odi_alert(None, Fraction(90)) is None


def test_startback_alert_only_for_high_risk() -> None:
    assert startback_alert(StartBackScore(4, 4)) is not None
    assert startback_alert(StartBackScore(4, 3)) is None
    assert startback_alert(StartBackScore(3, 3)) is None


def test_alert_messages_compare_with_nobody_and_promise_nothing() -> None:
    messages = [
        pain_alert(2, 8),
        odi_alert(Fraction(10), Fraction(50)),
        startback_alert(StartBackScore(9, 5)),
    ]
    for message in messages:
        assert message is not None
        lowered = message.lower()
        assert not any(word in lowered for word in ("average", "other patients", "will improve", "guarantee"))
