"""Screening and the check before a session, recorded for a patient."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import DomainError, NotFound
from spinecoach.domain.pain import Reach
from spinecoach.domain.presession import Go, PreSessionAnswers, PreSessionResult, check_before_session
from spinecoach.domain.programs import Profile
from spinecoach.domain.screening import Decision, DecisionKind, Hernia, ScreeningAnswers, screen
from spinecoach.store.unit_of_work import UnitOfWork

# A check covers the session that follows it, not one hours later: pain and warning signs change.
CHECK_VALID_FOR = timedelta(hours=1)


def program_exercises(uow: UnitOfWork, patient_id: int) -> tuple[str, ...]:
    """The exercises of the patient's active program, in its order."""
    with uow:
        return program_exercises_within(uow, patient_id)


def program_exercises_within(uow: UnitOfWork, patient_id: int) -> tuple[str, ...]:
    """`program_exercises` inside an open unit of work."""
    program = uow.records.active_program(patient_id)
    if program is None:
        return ()
    return tuple(item.exercise_id for item in uow.records.program_items(program.id))


def record_screening(
    uow: UnitOfWork, catalog: Catalog, patient_id: int, answers: ScreeningAnswers, now: datetime
) -> Decision:
    """Decide what is safe and keep the answers and the decision; a red flag alerts the instructor."""
    with uow:
        decision = _decide(uow, catalog, patient_id, answers)
        uow.records.add_screening(
            patient_id=patient_id,
            answered_at=now,
            answers=answers.model_dump(mode="json"),
            kind=decision.kind.value,
            reasons=[r.as_dict() for r in decision.reasons],
        )
        if decision.kind == DecisionKind.EMERGENCY:
            _red_flag_alert(uow, patient_id, answers.red_flags, now)
        uow.commit()
    return decision


def _decide(uow: UnitOfWork, catalog: Catalog, patient_id: int, answers: ScreeningAnswers) -> Decision:
    """The screening's decision, counting an active program as the instructor's."""
    exercises = program_exercises_within(uow, patient_id)
    has_program = answers.instructor_program or bool(exercises)
    return screen(answers.model_copy(update={"instructor_program": has_program}), catalog, exercises)


def latest_decision(uow: UnitOfWork, catalog: Catalog, patient_id: int) -> Decision | None:
    """The latest screening decided again against today's program; None before any screening."""
    with uow:
        return latest_decision_within(uow, catalog, patient_id)


def latest_decision_within(uow: UnitOfWork, catalog: Catalog, patient_id: int) -> Decision | None:
    """`latest_decision` inside an open unit of work."""
    row = uow.records.latest_screening(patient_id)
    if row is None:
        return None
    return _decide(uow, catalog, patient_id, ScreeningAnswers.model_validate(row.answers))


def allowed_exercises(uow: UnitOfWork, catalog: Catalog, patient_id: int) -> tuple[str, ...]:
    """What this patient may do now: the latest decision's list, or the universal ones before any."""
    with uow:
        return allowed_exercises_within(uow, catalog, patient_id)


def allowed_exercises_within(uow: UnitOfWork, catalog: Catalog, patient_id: int) -> tuple[str, ...]:
    """`allowed_exercises` inside an open unit of work."""
    decision = latest_decision_within(uow, catalog, patient_id)
    if decision is None:
        return tuple(e.id for e in catalog.universal)
    return decision.allowed


@dataclass(frozen=True)
class RecordedCheck:
    id: int
    result: PreSessionResult


def record_check(
    uow: UnitOfWork, patient_id: int, answers: PreSessionAnswers, now: datetime
) -> RecordedCheck:
    result = check_before_session(answers)
    with uow:
        row = uow.records.add_check(
            patient_id=patient_id,
            checked_at=now,
            red_flags=sorted(f.value for f in answers.red_flags),
            flare_up=answers.flare_up,
            pain=answers.pain,
            reach=answers.reach.value,
            result=result.go.value,
        )
        if result.go == Go.EMERGENCY:
            _red_flag_alert(uow, patient_id, answers.red_flags, now)
        uow.commit()
        return RecordedCheck(row.id, result)


def baseline_from_check(uow: UnitOfWork, patient_id: int, check_id: int, now: datetime) -> tuple[int, Reach]:
    """Pain and reach before a session, from a recent check that let the session go ahead."""
    with uow:
        return baseline_from_check_within(uow, patient_id, check_id, now)


def baseline_from_check_within(
    uow: UnitOfWork, patient_id: int, check_id: int, now: datetime
) -> tuple[int, Reach]:
    """`baseline_from_check` inside an open unit of work."""
    check = uow.records.check(check_id)
    if check is None or check.patient_id != patient_id:
        raise NotFound(f"there is no check {check_id} for this patient; post one to /checks first")
    if check.result != Go.GO.value:
        raise DomainError(f"check {check_id} did not allow a session ({check.result})")
    if now - check.checked_at > CHECK_VALID_FOR:
        raise DomainError(f"check {check_id} is more than an hour old; do the check again before the session")
    return check.pain, Reach(check.reach)


def _red_flag_alert(uow: UnitOfWork, patient_id: int, flags: frozenset[object], now: datetime) -> None:
    named = ", ".join(sorted(str(f) for f in flags))
    message = f"Red flag reported: {named}. The person was told to seek urgent care."
    uow.records.add_alert(patient_id, "red-flag", message, now)


def profile_for(uow: UnitOfWork, patient_id: int) -> Profile:
    """Prevention only when the latest screening says there is no hernia; the safer rules otherwise."""
    with uow:
        row = uow.records.latest_screening(patient_id)
        no_hernia = row is not None and row.answers.get("hernia") == Hernia.NONE.value
    return Profile.PREVENTION if no_hernia else Profile.HERNIA
