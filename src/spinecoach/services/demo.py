"""Demo data: an instructor, an admin and three patients with a few weeks of realistic history.

Everything goes through the same services a real clinic uses, so the demo obeys every rule. The
random numbers come from a fixed seed: the same demo every time.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from spinecoach.domain.accounts import Role
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.pain import Reach
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.presession import PreSessionAnswers
from spinecoach.domain.programs import Program
from spinecoach.domain.records import ActivityEntry, PainEntry, TreatmentEntry, TreatmentKind
from spinecoach.domain.screening import ScreeningAnswers
from spinecoach.domain.session_rules import EventKind, Outcome
from spinecoach.domain.startback import Bother
from spinecoach.services import accounts, checks, outcomes, programs, records, session_events, sessions
from spinecoach.store.unit_of_work import UnitOfWork

DEMO_PASSWORD = "demo-password"  # printed by `spinecoach demo`; a demo is for trying, never for patients
INSTRUCTOR = "instructor@demo.spinecoach.org"
ADMIN = "admin@demo.spinecoach.org"
PATIENTS = (
    ("anna@demo.spinecoach.org", "Anna Petrova", "steady"),
    ("boris@demo.spinecoach.org", "Boris Smirnov", "flaring"),
    ("clara@demo.spinecoach.org", "Clara Jones", "lapsed"),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: Role
    password: str


def demo_exists(uow: UnitOfWork) -> bool:
    with uow:
        return uow.accounts.user_by_email(INSTRUCTOR) is not None


def create_demo(uow: UnitOfWork, catalog: Catalog, now: datetime, weeks: int = 4) -> list[DemoLogin]:
    """Create the demo accounts and their history; does nothing when the demo is already there."""
    logins = [
        DemoLogin(INSTRUCTOR, Role.INSTRUCTOR, DEMO_PASSWORD),
        DemoLogin(ADMIN, Role.ADMIN, DEMO_PASSWORD),
    ]
    logins += [DemoLogin(email, Role.PATIENT, DEMO_PASSWORD) for email, _, _ in PATIENTS]
    if demo_exists(uow):
        return logins
    start = now - timedelta(weeks=weeks)
    instructor = accounts.create_user(uow, INSTRUCTOR, Role.INSTRUCTOR, "Irina Volkova", DEMO_PASSWORD, start)
    accounts.create_user(uow, ADMIN, Role.ADMIN, "Clinic admin", DEMO_PASSWORD, start)
    rng = random.Random(2026)
    for email, name, story in PATIENTS:
        user = accounts.create_user(uow, email, Role.PATIENT, name, DEMO_PASSWORD, start)
        accounts.assign_instructor(uow, email, INSTRUCTOR)
        assert user.patient_id is not None
        _history(uow, catalog, user.patient_id, instructor.id, story, start, now, rng)
    return logins


def _history(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    instructor_id: int,
    story: str,
    start: datetime,
    now: datetime,
    rng: random.Random,
) -> None:
    answers = ScreeningAnswers(
        red_flags=frozenset(),
        hernia="diagnosed",
        seen_doctor=True,
        flare_up=False,
        osteochondrosis=story == "lapsed",
        instructor_program=False,
    )
    checks.record_screening(uow, catalog, patient_id, answers, start)
    program = Program.model_validate(
        {
            "name": "Morning program",
            "kind": "individual",
            "items": [
                {"exercise": "hands-knees-breathing"},
                {"exercise": "pelvic-tilt", "days": ["mon", "wed", "fri"]},
                {"exercise": "glute-bridge", "days": ["tue", "thu", "sat"]},
            ],
        }
    )
    profile = checks.profile_for(uow, patient_id)
    programs.prescribe_program(uow, catalog, patient_id, program, profile, instructor_id, start)
    _questionnaires(uow, patient_id, story, start, now)
    records.add_treatment(
        uow, patient_id, TreatmentEntry(kind=TreatmentKind.PHYSIOTHERAPY, note="Twice a week"), start
    )
    days = (now - start).days
    last_day = days - 12 if story == "lapsed" else days
    for day in range(1, last_day):
        morning = (start + timedelta(days=day)).replace(hour=7, minute=30 + rng.randint(0, 25))
        flare_day = story == "flaring" and day in (days - 4, days - 2)
        if rng.random() < 0.2 and not flare_day:
            continue  # a missed morning
        trend = day / days
        pain = max(
            0,
            min(
                10, round(5 - 2 * trend + rng.uniform(-1, 1)) if story != "flaring" else 3 + rng.randint(0, 2)
            ),
        )
        reach = Reach.THIGH if pain >= 5 else Reach.BACK
        _session(
            uow, catalog, patient_id, "hands-knees-breathing", morning, pain, reach, story, day, days, rng
        )
        if day % 3 == 0:
            activity = rng.choice(["walking", "swimming", "cycling"])
            records.add_activity(
                uow,
                catalog,
                patient_id,
                ActivityEntry(activity=activity, minutes=rng.choice([20, 30, 45])),
                morning + timedelta(hours=9),
            )
            records.add_pain(
                uow, patient_id, PainEntry(score=pain, reach=reach), morning + timedelta(hours=12)
            )


# ODI section levels (0-5) and STarT Back answers per story: at the start, and four weeks on for the
# two who kept going (the third is due again, so the app reminds her). Made up for the demo.
ODI_AT_START = {
    "steady": (2, 1, 2, 1, 2, 2, 1, 1, 2, 1),
    "flaring": (2, 1, 2, 1, 1, 2, 1, 1, 1, 1),
    "lapsed": (1, 1, 2, 0, 1, 1, 1, 0, 1, 1),
}
ODI_LATER = {"steady": (1, 0, 1, 1, 1, 1, 0, 1, 1, 0), "flaring": (3, 2, 3, 2, 2, 3, 2, 2, 2, 2)}
STARTBACK_AT_START = {
    "steady": ([True, False, False, True, False, False, False, False], Bother.MODERATELY),
    "flaring": ([True, True, False, True, True, False, True, True], Bother.VERY_MUCH),
    "lapsed": ([False, False, False, True, False, False, False, False], Bother.SLIGHTLY),
}


def _questionnaires(uow: UnitOfWork, patient_id: int, story: str, start: datetime, now: datetime) -> None:
    def odi(levels: tuple[int, ...], at: datetime) -> None:
        outcomes.record_odi(uow, patient_id, [(level,) for level in levels], False, None, at)

    agree, bother = STARTBACK_AT_START[story]
    odi(ODI_AT_START[story], start)
    outcomes.record_startback(uow, patient_id, list(agree), bother, False, None, start)
    if story in ODI_LATER:
        odi(ODI_LATER[story], now - timedelta(days=1))
        outcomes.record_startback(uow, patient_id, list(agree), bother, False, None, now - timedelta(days=1))


def _session(
    uow: UnitOfWork,
    catalog: Catalog,
    patient_id: int,
    exercise_id: str,
    at: datetime,
    pain: int,
    reach: Reach,
    story: str,
    day: int,
    days: int,
    rng: random.Random,
) -> None:
    checks.record_check(
        uow, patient_id, PreSessionAnswers(red_flags=frozenset(), flare_up=False, pain=pain, reach=reach), at
    )
    exercise = catalog.exercise(exercise_id)
    plan = build_plan(prescribe(exercise, sessions.suggested_reps(uow, patient_id, exercise_id)))
    if sessions.pause_status(uow, patient_id).paused:
        return
    started = sessions.start_session(uow, patient_id, plan, 1.0, pain, reach, at).session_id
    outcome, after = Outcome.COMPLETED, max(0, pain - rng.randint(0, 1))
    if story == "flaring" and day in (days - 4, days - 2):
        outcome, after = Outcome.STOPPED_SHARP_PAIN, min(10, pain + 2)
        session_events.record_event(
            uow,
            patient_id,
            started,
            session_events.Event(EventKind.SHARP_PAIN, 61.0, 3, 1),
            at + timedelta(seconds=61),
        )
        session_events.record_progress(uow, patient_id, started, 2, 0)
    else:
        if rng.random() < 0.3:
            session_events.record_event(
                uow,
                patient_id,
                started,
                session_events.Event(EventKind.DISCOMFORT, 40.0, 2, 1),
                at + timedelta(seconds=40),
            )
        session_events.record_progress(uow, patient_id, started, plan.reps * plan.sets, plan.sets)
    sessions.finish_session(
        uow, patient_id, started, outcome, after, reach, exercise.reps, at + timedelta(seconds=plan.total)
    )
