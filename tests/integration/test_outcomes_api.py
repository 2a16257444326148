"""Questionnaires, progress and outcome alerts over the API, on SQLite and on PostgreSQL."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from spinecoach.web.app import create_app
from tests.conftest import server_settings
from tests.integration.api_support import PROGRAM, Clinic, build_clinic, problem_text, snapshot

ODI_22_5 = [1, 2, 2, 2, 2, 0, 0, 0, None, None]  # 9 of 40: 22.5%
HIGH_RISK = {
    "items": ["agree", "disagree", "disagree", "disagree", "agree", "agree", "agree", "disagree"],
    "bother": "very-much",
}
MEDIUM_RISK = {**HIGH_RISK, "bother": "slightly"}


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    return build_clinic(make_client())


def q(clinic: Clinic, rest: str = "") -> str:
    return f"/patients/{clinic.pid}/questionnaires{rest}"


def open_alerts(clinic: Clinic) -> list[str]:
    return [a["kind"] for a in clinic.ok("I", "GET", "/alerts")]


def test_an_odi_is_scored_exactly_stored_and_listed(clinic: Clinic) -> None:
    answer = clinic.post("P", q(clinic, "/odi"), {"sections": [*ODI_22_5[:1], [1, 2], *ODI_22_5[2:]]})
    assert answer.status_code == 201, answer.text
    score = answer.json()["score"]
    assert score == {"percent": "22.5", "display": 23, "band": "moderate", "answered": 8, "points": 9}
    stored = clinic.ok("I", "GET", q(clinic, "/responses"))
    assert [r["score"]["percent"] for r in stored] == ["22.5"]
    assert stored[0]["answers"]["odi-2"] == [1, 2] and stored[0]["answers"]["odi-9"] is None
    assert stored[0]["validated_wording"] is False


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"sections": [1, 1, 1, 1, 1, 1, 1, None, None, None]}, ("at least 8", "got 7")),
        ({"sections": [1] * 11}, ("sections",)),
        ({"sections": [1, 1, 1, 1, 1, 1, 1, 1, 1, 9]}, ("section 10", "0 to 5")),
        ({"sections": [1, 1, 1, 1, 1, 1, 1, 1, 1, [1, 2, 3]]}, ("section 10", "at most 2")),
        ({"sections": [1] * 10, "extra": 1}, ("extra", "not a known field")),
    ],
)
def test_an_unscorable_or_malformed_odi_is_a_clear_422_and_stores_nothing(
    clinic: Clinic, body: dict[str, object], words: tuple[str, ...]
) -> None:
    before = snapshot(clinic.engine)
    answer = clinic.post("P", q(clinic, "/odi"), body)
    assert answer.status_code == 422, answer.text
    assert all(w in problem_text(answer) for w in words), answer.text
    assert snapshot(clinic.engine) == before


def test_startback_high_risk_alerts_the_instructor_once_until_acknowledged(clinic: Clinic) -> None:
    answer = clinic.post("P", q(clinic, "/startback"), HIGH_RISK)
    assert answer.status_code == 201 and answer.json()["score"] == {
        "total": 5,
        "psychosocial": 4,
        "risk": "high",
    }
    clinic.ok("P", "POST", q(clinic, "/startback"), HIGH_RISK)
    assert open_alerts(clinic) == ["startback-high-risk"]
    alert = clinic.ok("I", "GET", "/alerts")[0]
    clinic.ok("I", "POST", f"/patients/{clinic.pid}/alerts/{alert['id']}/acknowledge")
    clinic.ok("P", "POST", q(clinic, "/startback"), MEDIUM_RISK)
    assert open_alerts(clinic) == []
    missing = clinic.post("P", q(clinic, "/startback"), {"items": HIGH_RISK["items"]})
    assert missing.status_code == 422 and "bother" in problem_text(missing)


def test_odi_worse_by_ten_points_alerts_and_less_does_not(clinic: Clinic) -> None:
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": [2] * 10})  # 40%
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": [2] * 9 + [3]})  # 42%: 2 points
    assert open_alerts(clinic) == []
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": [3] * 5 + [2] * 5})  # 50%: 10 points
    assert open_alerts(clinic) == ["odi-worse"]


def test_pain_worse_than_the_first_entry_by_a_change_that_matters_alerts(clinic: Clinic) -> None:
    pain = f"/patients/{clinic.pid}/pain"
    clinic.ok("P", "POST", pain, {"score": 4, "reach": "back"})
    clinic.ok("P", "POST", pain, {"score": 5, "reach": "back"})  # 1 point, 25%: not yet
    assert open_alerts(clinic) == []
    clinic.ok("P", "POST", pain, {"score": 6, "reach": "thigh"})
    assert open_alerts(clinic) == ["pain-worse"]
    assert "up from 4/10" in clinic.ok("I", "GET", "/alerts")[0]["message"]


def test_questionnaires_are_due_at_the_start_and_after_the_interval_the_instructor_sets(
    clinic: Clinic,
) -> None:
    due = {d["instrument"]: d for d in clinic.ok("P", "GET", q(clinic))["due"]}
    assert due["odi"]["due"] and due["startback"]["due"] and due["odi"]["interval_weeks"] == 4
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": ODI_22_5})
    due = {d["instrument"]: d for d in clinic.ok("P", "GET", q(clinic))["due"]}
    assert not due["odi"]["due"] and due["startback"]["due"]
    assert clinic.call("P", "PUT", q(clinic, "/schedule"), {"interval_weeks": 6}).status_code == 403
    bad = clinic.call("I", "PUT", q(clinic, "/schedule"), {"interval_weeks": 0})
    assert bad.status_code == 422 and "interval_weeks" in problem_text(bad)
    answer = clinic.ok("I", "PUT", q(clinic, "/schedule"), {"interval_weeks": 6})
    assert answer["interval_weeks"] == 6 and all(d["interval_weeks"] == 6 for d in answer["due"])


def test_the_forms_say_their_wording_is_not_the_validated_one(clinic: Clinic) -> None:
    forms = clinic.ok("P", "GET", q(clinic))["forms"]
    assert forms["odi"]["validated_wording"] is False and len(forms["odi"]["items"]) == 10
    assert "not the validated wording" in forms["startback"]["notice"]["en"]


def test_a_clinic_loads_licensed_wording_by_setting(database_url: str, tmp_path: Path) -> None:
    texts = tmp_path / "texts.yaml"
    items = "\n".join(f"    sbt-{n}: {{text: {{en: 'Licensed item {n}'}}}}" for n in range(1, 10))
    texts.write_text(
        f"startback:\n  source: 'Keele University, licence 42'\n  items:\n{items}\n", encoding="utf-8"
    )
    settings = server_settings(database_url).model_copy(update={"questionnaire_texts": texts})
    app = create_app(settings)
    with TestClient(app, base_url="http://testserver") as client:
        clinic = build_clinic(client)
        form = clinic.ok("P", "GET", q(clinic))["forms"]["startback"]
        assert form["validated_wording"] is True and form["items"][0]["text"]["en"] == "Licensed item 1"
        stored = clinic.ok("P", "POST", q(clinic, "/startback"), MEDIUM_RISK)
        assert stored["validated_wording"] is True
    app.state.sessions.kw["bind"].dispose()


def test_progress_shows_baseline_latest_change_and_adherence(clinic: Clinic) -> None:
    pid = clinic.pid
    clinic.ok("I", "POST", f"/patients/{pid}/programs", PROGRAM)  # 3 sessions a week
    for score in (6, 5, 3):
        clinic.ok("P", "POST", f"/patients/{pid}/pain", {"score": score, "reach": "thigh"})
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": [3] * 10})  # 60%
    clinic.ok("P", "POST", q(clinic, "/odi"), {"sections": [2] * 9 + [3]})  # 42%
    body = clinic.ok("P", "GET", f"/patients/{pid}/progress")
    pain = body["pain"]
    assert (pain["baseline"]["score"], pain["latest"]["score"], pain["change"]) == (6, 3, -3)
    assert pain["direction"] == "better" and pain["matters"] is True and len(pain["series"]) == 3
    odi = body["odi"]
    assert (odi["baseline"]["percent"], odi["latest"]["percent"], odi["change"]) == ("60", "42", "-18")
    assert odi["matters"] is True and odi["latest"]["band"] == "severe"
    assert body["adherence"][-1]["prescribed"] == 3 and body["adherence"][-1]["done"] == 0
    assert body["startback"]["baseline"] is None
