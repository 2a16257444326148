"""The demo clinic: realistic history through the real services, questionnaires included."""

from datetime import UTC, datetime
from pathlib import Path

from spinecoach.catalog import default_catalog
from spinecoach.services import accounts, demo, outcomes, progress, records
from spinecoach.store.database import engine_for, open_server_database, upgrade
from spinecoach.store.unit_of_work import UnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_demo_has_questionnaires_that_tell_three_different_stories(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    uow = UnitOfWork(open_server_database(url))
    demo.create_demo(uow, default_catalog(), NOW)
    pid = {email.split("@")[0]: accounts.find_user(uow, email).patient_id for email, _, _ in demo.PATIENTS}

    def odi_percents(name: str) -> list[float]:
        return [float(r.odi_percent) for r in outcomes.responses(uow, pid[name]) if r.instrument == "odi"]

    def alert_kinds(name: str) -> set[str]:
        return {a.kind for a in records.alerts_of_patient(uow, pid[name])}

    def due(name: str) -> set[str]:
        return {d.instrument for d in outcomes.due(uow, pid[name], NOW) if d.due}

    assert odi_percents("anna") == [30.0, 14.0]  # better by more than the 10 points that matter
    assert odi_percents("boris") == [26.0, 46.0]  # worse by 20: the instructor is alerted
    assert {"odi-worse", "startback-high-risk"} <= alert_kinds("boris")
    assert "odi-worse" not in alert_kinds("anna")
    assert odi_percents("clara") == [18.0] and due("clara") == {"odi", "startback"}  # reminded today
    assert due("anna") == set() == due("boris")
    change = progress.progress(uow, pid["anna"], NOW).odi_change
    assert change is not None and change.delta == -16 and change.matters
