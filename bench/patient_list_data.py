"""The instructor's patient list database: one instructor and hundreds of patients with a year of
history each (screenings, programs, checks, sessions, events, diaries, alerts), built in bulk inserts."""

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text

from bench_common import EXERCISE, PASSWORD
from bench_database import migrate
from bulk_rows import Ids, bulk_tables
from spinecoach.domain.accounts import Role
from spinecoach.services import accounts, passwords
from spinecoach.store.database import engine_for, open_server_database
from spinecoach.store.unit_of_work import UnitOfWork

ALERT_MESSAGES = {
    "pain-rise": "Pain rose by 2 points in hands-knees-breathing; next time 6 reps.",
    "sharp-pain-stop": "hands-knees-breathing was stopped for sharp pain.",
    "red-flag": "Red flag reported: numbness. The person was told to seek urgent care.",
}


def build_patient_list_database(url: str, patients: int, days: int, seed: int = 2026) -> dict[str, Any]:
    """One instructor with `patients` patients and `days` days of history each, in bulk inserts."""
    started = time.perf_counter()
    migrate(url)
    engine = engine_for(url)
    now = datetime.now(UTC)
    rng = random.Random(seed)
    ids = Ids()
    counts: dict[str, int] = {}
    try:
        uow = UnitOfWork(open_server_database(url))
        instructor = accounts.create_user(
            uow, "instructor@list.example.org", Role.INSTRUCTOR, "List Instructor", PASSWORD, now
        )
        ids.next = {t.name: 1 for t in bulk_tables()}
        ids.next["users"] = instructor.id + 1
        one_hash = passwords.hash_password(PASSWORD)  # every patient gets a real hash, computed once
        chunk = 25
        for first in range(0, patients, chunk):
            rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in bulk_tables()}
            for n in range(first, min(patients, first + chunk)):
                _one_patient(rows, ids, rng, n, instructor.id, one_hash, now, days)
            with engine.begin() as conn:
                for table in bulk_tables():
                    batch = rows[table.name]
                    if batch:
                        conn.execute(insert(table), batch)
                        counts[table.name] = counts.get(table.name, 0) + len(batch)
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:  # explicit ids: move the sequences past them
                for table in bulk_tables():
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                        )
                    )
    finally:
        engine.dispose()
    return {
        "rows": counts,
        "total_rows": sum(counts.values()),
        "build_s": round(time.perf_counter() - started, 1),
        "instructor": "instructor@list.example.org",
    }


def _one_patient(
    rows: dict[str, list[dict[str, Any]]],
    ids: Ids,
    rng: random.Random,
    n: int,
    instructor_id: int,
    password_hash: str,
    now: datetime,
    days: int,
) -> None:
    start = now - timedelta(days=days)
    user_id = ids.take("users")
    rows["users"].append(
        {
            "id": user_id,
            "email": f"patient{n:04d}@list.example.org",
            "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n:04d}",
            "role": "patient",
            "password_hash": password_hash,
            "active": True,
            "created_at": start,
        }
    )
    pid = ids.take("patients")
    rows["patients"].append({"id": pid, "user_id": user_id, "instructor_id": instructor_id})
    rows["screenings"].append(
        {
            "id": ids.take("screenings"),
            "patient_id": pid,
            "answered_at": start,
            "answers": {
                "red_flags": [],
                "hernia": "diagnosed",
                "seen_doctor": True,
                "flare_up": False,
                "osteochondrosis": False,
                "instructor_program": False,
            },
            "kind": "individual-program",
            "reasons": [{"code": "follow-program", "text": "Follow the program your instructor prescribed."}],
        }
    )
    program_id = ids.take("programs")
    rows["programs"].append(
        {
            "id": program_id,
            "patient_id": pid,
            "name": "Morning program",
            "kind": "individual",
            "created_by": instructor_id,
            "created_at": start,
            "active": True,
        }
    )
    for position, exercise in enumerate((EXERCISE, "pelvic-tilt", "glute-bridge")):
        rows["program_items"].append(
            {
                "id": ids.take("program_items"),
                "program_id": program_id,
                "position": position,
                "exercise_id": exercise,
                "reps": 8,
                "sets": 1,
                "breathing": {},
                "rest": 30.0,
                "days": ["mon", "wed", "fri"],
                "time_of_day": "07:30",
                "reason": None,
                "warnings": [],
            }
        )
    rows["treatments"].append(
        {
            "id": ids.take("treatments"),
            "patient_id": pid,
            "recorded_at": start,
            "kind": "physiotherapy",
            "started_on": start.date().isoformat(),
            "note": "Twice a week",
        }
    )
    # a tenth of the patients stopped exercising a few weeks ago (the "not-exercising" flag)
    last_day = days - rng.randint(10, 40) if n % 10 == 3 else days
    pain = rng.randint(3, 6)
    for day in range(last_day):
        at = (start + timedelta(days=day)).replace(hour=7, minute=rng.randint(0, 59), second=0, microsecond=0)
        if at > now:
            break
        if day % 2 == 0:
            rows["pain_entries"].append(
                {
                    "id": ids.take("pain_entries"),
                    "patient_id": pid,
                    "recorded_at": at + timedelta(hours=12),
                    "score": pain,
                    "reach": "back",
                    "note": "",
                }
            )
        if day % 3 == 0:
            rows["activity_entries"].append(
                {
                    "id": ids.take("activity_entries"),
                    "patient_id": pid,
                    "recorded_at": at + timedelta(hours=9),
                    "activity_id": rng.choice(("walking", "swimming", "cycling")),
                    "minutes": rng.choice((20, 30, 45)),
                    "note": "",
                }
            )
        if rng.random() < 0.15:
            continue  # a missed morning
        pain = max(0, min(10, pain + rng.choice((-1, 0, 0, 0, 1))))
        rows["checks"].append(
            {
                "id": ids.take("checks"),
                "patient_id": pid,
                "checked_at": at - timedelta(minutes=1),
                "red_flags": [],
                "flare_up": False,
                "pain": pain,
                "reach": "back",
                "result": "go",
            }
        )
        roll = rng.random()
        outcome = "completed" if roll > 0.03 else ("stopped-sharp-pain" if roll < 0.01 else "quit")
        after = min(10, pain + 2) if roll < 0.05 else max(0, pain - rng.randint(0, 1))
        session_id = ids.take("sessions")
        rows["sessions"].append(
            {
                "id": session_id,
                "patient_id": pid,
                "client_id": f"s-{pid}-{day}",
                "exercise_id": EXERCISE,
                "started_at": at,
                "finished_at": at + timedelta(seconds=300),
                "planned_reps": 8,
                "planned_sets": 1,
                "reps_done": 8 if outcome == "completed" else 3,
                "sets_done": 1 if outcome == "completed" else 0,
                "outcome": outcome,
                "pain_before": pain,
                "reach_before": "back",
                "pain_after": after,
                "reach_after": "back",
                "speed": 1.0,
                "plan_total": 300.0,
                "next_reps": 6 if after - pain >= 2 else None,
                "paused_program": False,
            }
        )
        for e in range(rng.choice((0, 1, 2, 3, 4))):
            rows["session_events"].append(
                {
                    "id": ids.take("session_events"),
                    "session_id": session_id,
                    "client_id": f"e-{session_id}-{e}",
                    "kind": rng.choice(("discomfort", "pause", "resume", "pain-reach")),
                    "occurred_at": at + timedelta(seconds=30 * (e + 1)),
                    "plan_seconds": 30.0 * (e + 1),
                    "rep": e + 1,
                    "set": 1,
                    "reach": "back",
                }
            )
        kinds = []
        if after - pain >= 2:
            kinds.append("pain-rise")
        if outcome == "stopped-sharp-pain":
            kinds.append("sharp-pain-stop")
        for kind in kinds:
            recent = now - at < timedelta(days=21)
            rows["alerts"].append(
                {
                    "id": ids.take("alerts"),
                    "patient_id": pid,
                    "session_id": session_id,
                    "kind": kind,
                    "message": ALERT_MESSAGES[kind],
                    "created_at": at + timedelta(seconds=300),
                    "acknowledged_at": None if recent else at + timedelta(days=1),
                    "acknowledged_by": None if recent else instructor_id,
                }
            )


FIRST = ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Fyodor", "Galina", "Hugo", "Irina", "Jonas")
LAST = ("Petrova", "Smirnov", "Jones", "Ivanov", "Kuznetsova", "Novak", "Berg", "Orlova", "Weiss", "Moreau")
