"""Screening: each decision kind, the order of urgency, and what each one allows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinecoach.domain.catalog import Catalog
from spinecoach.domain.red_flags import CAUDA_EQUINA, RedFlag
from spinecoach.domain.screening import DecisionKind, Hernia, ScreeningAnswers, screen

UNIVERSAL = ("chest-on-table-breathing", "hands-knees-breathing")


def answers(**changes: object) -> ScreeningAnswers:
    base: dict[str, object] = {
        "red_flags": [],
        "hernia": "none",
        "seen_doctor": False,
        "flare_up": False,
        "osteochondrosis": False,
        "instructor_program": False,
    }
    return ScreeningAnswers.model_validate(base | changes)


@pytest.mark.parametrize("flag", list(RedFlag))
def test_any_red_flag_is_an_emergency_with_no_exercise(catalog: Catalog, flag: RedFlag) -> None:
    decision = screen(answers(red_flags=[flag], hernia="diagnosed", seen_doctor=True), catalog)
    assert decision.kind == DecisionKind.EMERGENCY
    assert decision.allowed == ()
    advice = " ".join(r.text for r in decision.reasons)
    if flag in CAUDA_EQUINA:
        assert "emergency department now" in advice
    else:
        assert "doctor" in advice and "today" in advice


def test_a_red_flag_outranks_everything_else(catalog: Catalog) -> None:
    decision = screen(answers(red_flags=["fever"], flare_up=True, hernia="suspected"), catalog)
    assert decision.kind == DecisionKind.EMERGENCY


@pytest.mark.parametrize("hernia", [Hernia.SUSPECTED, Hernia.DIAGNOSED])
def test_hernia_without_a_doctor_gets_only_the_universal_exercises(catalog: Catalog, hernia: Hernia) -> None:
    decision = screen(answers(hernia=hernia, seen_doctor=False), catalog)
    assert decision.kind == DecisionKind.SEE_DOCTOR_FIRST
    assert decision.allowed == UNIVERSAL
    assert decision.talk_to_doctor
    assert "see-doctor" in {r.code for r in decision.reasons}


def test_a_flare_up_postpones_even_with_a_program(catalog: Catalog) -> None:
    decision = screen(
        answers(hernia="diagnosed", seen_doctor=True, instructor_program=True, flare_up=True), catalog
    )
    assert decision.kind == DecisionKind.POSTPONE
    assert decision.allowed == ()


def test_a_flare_up_without_a_doctor_still_says_see_a_doctor(catalog: Catalog) -> None:
    decision = screen(answers(hernia="suspected", flare_up=True), catalog)
    assert decision.kind == DecisionKind.POSTPONE
    assert "see-doctor" in {r.code for r in decision.reasons}


def test_hernia_seen_by_a_doctor_without_a_program_is_universal_only(catalog: Catalog) -> None:
    decision = screen(answers(hernia="diagnosed", seen_doctor=True), catalog)
    assert decision.kind == DecisionKind.UNIVERSAL_ONLY
    assert decision.allowed == UNIVERSAL
    assert not decision.talk_to_doctor


def test_an_instructor_program_allows_its_exercises_and_the_universal_ones(catalog: Catalog) -> None:
    decision = screen(
        answers(hernia="diagnosed", seen_doctor=True, instructor_program=True),
        catalog,
        program_exercises=("glute-bridge", "chest-on-table-breathing"),
    )
    assert decision.kind == DecisionKind.INDIVIDUAL_PROGRAM
    assert decision.allowed == (*UNIVERSAL, "glute-bridge")


def test_prevention_offers_the_safe_library_and_nothing_refused(catalog: Catalog) -> None:
    decision = screen(answers(), catalog)
    assert decision.kind == DecisionKind.PREVENTION
    assert set(UNIVERSAL) <= set(decision.allowed)
    assert len(decision.allowed) >= 27
    for exercise_id in decision.allowed:
        tags = {m.value for m in catalog.exercise(exercise_id).movements}
        assert not tags & {"twisting", "sharp", "running", "jumping", "step-aerobics"}
    assert "seated-twist" not in decision.allowed


@pytest.mark.parametrize(
    "situation",
    [{}, {"hernia": "diagnosed", "seen_doctor": True}, {"hernia": "suspected"}, {"flare_up": True}],
)
def test_osteochondrosis_adds_talk_to_your_doctor(catalog: Catalog, situation: dict[str, object]) -> None:
    decision = screen(answers(osteochondrosis=True, **situation), catalog)
    assert decision.talk_to_doctor
    assert "osteochondrosis" in {r.code for r in decision.reasons}


def test_every_decision_says_it_does_not_replace_a_doctor(catalog: Catalog) -> None:
    for situation in [{}, {"red_flags": ["fever"]}, {"flare_up": True}, {"hernia": "suspected"}]:
        decision = screen(answers(**situation), catalog)
        assert "not-a-doctor" in {r.code for r in decision.reasons}


def test_no_decision_promises_a_result(catalog: Catalog) -> None:
    for situation in [{}, {"hernia": "diagnosed", "seen_doctor": True}, {"hernia": "suspected"}]:
        text = " ".join(r.text.lower() for r in screen(answers(**situation), catalog).reasons)
        for promise in ("will cure", "guarantee", "within a week", "you will feel better"):
            assert promise not in text


@pytest.mark.parametrize("missing", ["red_flags", "hernia", "seen_doctor", "flare_up"])
def test_a_missing_answer_is_an_error_not_a_silent_no(missing: str) -> None:
    data: dict[str, object] = {
        "red_flags": [],
        "hernia": "none",
        "seen_doctor": False,
        "flare_up": False,
        "osteochondrosis": False,
        "instructor_program": False,
    }
    del data[missing]
    with pytest.raises(ValueError, match=missing):
        ScreeningAnswers.model_validate(data)


@given(
    flags=st.frozensets(st.sampled_from(list(RedFlag))),
    hernia=st.sampled_from(list(Hernia)),
    seen=st.booleans(),
    flare=st.booleans(),
    osteo=st.booleans(),
    program=st.booleans(),
)
def test_any_answers_give_one_consistent_decision(
    catalog: Catalog,
    flags: frozenset[RedFlag],
    hernia: Hernia,
    seen: bool,
    flare: bool,
    osteo: bool,
    program: bool,
) -> None:
    given_answers = ScreeningAnswers(
        red_flags=flags,
        hernia=hernia,
        seen_doctor=seen,
        flare_up=flare,
        osteochondrosis=osteo,
        instructor_program=program,
    )
    decision = screen(given_answers, catalog)
    assert set(decision.allowed) <= set(catalog.exercises)
    assert (decision.kind == DecisionKind.EMERGENCY) == bool(flags)
    if decision.kind in {DecisionKind.EMERGENCY, DecisionKind.POSTPONE}:
        assert decision.allowed == ()
    elif hernia != Hernia.NONE:
        # with a hernia nothing beyond the universal exercises comes without an instructor's program
        assert set(decision.allowed) <= set(UNIVERSAL)
    if osteo:
        assert decision.talk_to_doctor
    assert decision.reasons[-1].code == "not-a-doctor"
