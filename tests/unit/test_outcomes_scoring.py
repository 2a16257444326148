"""ODI, STarT Back and the change that matters: the published rules at their limits and one past."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinecoach.domain.change import Direction, nrs_change, nrs_change_matters, odi_change
from spinecoach.domain.errors import DomainError
from spinecoach.domain.odi import Band, band_of, fraction_text, parse_odi, round_half_up, score_odi
from spinecoach.domain.startback import Bother, Risk, parse_agree, parse_bother, risk_of, score_startback

# --- ODI ------------------------------------------------------------------------------------------


def odi(text: str):  # type: ignore[no-untyped-def]
    return score_odi(parse_odi(text))


def test_all_ten_answered_is_the_sum_over_fifty() -> None:
    score = odi("1,2,3,4,5,0,1,2,3,4")
    assert (score.points, score.answered, score.percent) == (25, 10, Fraction(50))
    assert score.display == 50 and score.band == Band.SEVERE


def test_exactly_eight_answered_is_scored_over_forty() -> None:
    score = odi("2,2,2,2,2,2,2,2,-,-")
    assert score.answered == 8 and score.percent == Fraction(16 * 100, 40) == 40
    assert score.band == Band.MODERATE


def test_seven_answered_is_not_scorable_and_says_how_many() -> None:
    with pytest.raises(DomainError, match=r"at least 8 of 10 sections answered.*got 7"):
        odi("2,2,2,2,2,2,2,-,-,-")


def test_two_marks_in_one_section_count_the_higher() -> None:
    assert odi("1/3,0,0,0,0,0,0,0,0,0").points == 3
    assert odi("4/2,0,0,0,0,0,0,0,0,0").points == 4


def test_three_marks_or_a_level_over_five_are_refused_with_the_section() -> None:
    with pytest.raises(DomainError, match="section 2: at most 2 marks"):
        odi("0,1/2/3,0,0,0,0,0,0,0,0")
    with pytest.raises(DomainError, match="section 10: a level is 0 to 5, got 6"):
        odi("0,0,0,0,0,0,0,0,0,6")


@pytest.mark.parametrize(
    "text", ["0,0,0", "0,0,0,0,0,0,0,0,0,0,0", "a,0,0,0,0,0,0,0,0,0", "0,0,0,0,0,0,0,0,0,3/"]
)
def test_malformed_answer_sets_are_refused(text: str) -> None:
    with pytest.raises(DomainError):
        odi(text)


def test_a_half_is_rounded_up_not_to_the_even_neighbour() -> None:
    score = odi("1,2,2,2,2,0,0,0,-,-")  # 9 of 40 = 22.5%
    assert score.percent == Fraction(45, 2)
    assert score.display == 23 and round(22.5) == 22  # Python's round would say 22
    assert odi("1,0,0,0,0,0,0,0,-,-").display == 3  # 2.5 -> 3


def test_the_band_is_decided_on_the_exact_value() -> None:
    assert band_of(Fraction(20)) == Band.MINIMAL
    assert band_of(Fraction(200001, 10000)) == Band.MODERATE  # 20.0001
    assert band_of(Fraction(40)) == Band.MODERATE
    assert band_of(Fraction(401, 10)) == Band.SEVERE
    assert band_of(Fraction(60)) == Band.SEVERE
    assert band_of(Fraction(80)) == Band.CRIPPLED
    assert band_of(Fraction(8001, 100)) == Band.BED_BOUND
    assert band_of(Fraction(100)) == Band.BED_BOUND


def test_a_value_just_over_a_limit_takes_the_next_band_although_it_displays_as_the_limit() -> None:
    score = odi("2,2,2,2,2,2,2,2,2,-")  # 18/45 = 40% exactly: moderate
    assert score.band == Band.MODERATE
    score = odi("2,2,2,2,2,2,2,2,3,-")  # 19/45 = 42.2%: severe
    assert score.band == Band.SEVERE and score.display == 42


def test_the_exact_value_is_written_as_a_decimal_or_a_fraction() -> None:
    assert fraction_text(Fraction(45, 2)) == "22.5"
    assert fraction_text(Fraction(200, 9)) == "200/9"
    assert fraction_text(Fraction(40)) == "40"
    assert odi("2,2,2,2,2,2,2,2,3,-").as_dict() == {
        "percent": "380/9",
        "display": 42,
        "band": "severe",
        "answered": 9,
        "points": 19,
    }


@given(st.fractions(min_value=0, max_value=100))
def test_round_half_up_is_never_more_than_a_half_away_and_halves_go_up(value: Fraction) -> None:
    shown = round_half_up(value)
    assert -Fraction(1, 2) < shown - value <= Fraction(1, 2)


answers = st.lists(
    st.one_of(st.none(), st.tuples(st.integers(0, 5)), st.tuples(st.integers(0, 5), st.integers(0, 5))),
    min_size=10,
    max_size=10,
)


@given(answers)
def test_any_answer_set_is_scored_by_the_formula_or_refused_for_too_few(given_answers: list) -> None:  # type: ignore[type-arg]
    answered = [max(a) for a in given_answers if a]
    if len(answered) < 8:
        with pytest.raises(DomainError):
            score_odi(given_answers)
        return
    score = score_odi(given_answers)
    assert score.percent == Fraction(sum(answered) * 100, 5 * len(answered))
    assert 0 <= score.percent <= 100 and score.band == band_of(score.percent)


# --- STarT Back -----------------------------------------------------------------------------------


def test_items_one_to_eight_agree_scores_one_and_item_nine_only_very_much_or_extremely() -> None:
    agree = [True] * 8
    assert score_startback(agree, Bother.MODERATELY).total == 8
    assert score_startback(agree, Bother.VERY_MUCH).total == 9
    assert score_startback(agree, Bother.EXTREMELY).total == 9
    assert score_startback([False] * 8, Bother.SLIGHTLY).total == 0


def test_the_psychosocial_subscore_is_items_five_to_nine() -> None:
    score = score_startback([True, True, True, True, False, False, False, False], Bother.EXTREMELY)
    assert (score.total, score.psychosocial) == (5, 1)


@pytest.mark.parametrize(
    ("total", "psychosocial", "risk"),
    [
        (0, 0, Risk.LOW),
        (3, 3, Risk.LOW),  # total 3 is low whatever the subscore
        (4, 3, Risk.MEDIUM),  # the first total over 3, subscore under 4
        (4, 4, Risk.HIGH),  # subscore 4 with a total over 3
        (9, 3, Risk.MEDIUM),
        (9, 5, Risk.HIGH),
    ],
)
def test_every_risk_boundary(total: int, psychosocial: int, risk: Risk) -> None:
    assert risk_of(total, psychosocial) == risk


def test_a_total_of_three_with_a_subscore_of_three_is_low_from_real_answers() -> None:
    score = score_startback([False, False, False, False, True, True, True, False], Bother.NOT_AT_ALL)
    assert (score.total, score.psychosocial, score.risk) == (3, 3, Risk.LOW)
    score = score_startback([True, False, False, False, True, True, True, False], Bother.NOT_AT_ALL)
    assert (score.total, score.psychosocial, score.risk) == (4, 3, Risk.MEDIUM)
    score = score_startback([True, False, False, False, True, True, True, False], Bother.VERY_MUCH)
    assert (score.total, score.psychosocial, score.risk) == (5, 4, Risk.HIGH)


def test_all_nine_items_are_required() -> None:
    with pytest.raises(DomainError, match="unanswered: item 3"):
        score_startback([True, True, None, True, True, True, True, True], Bother.SLIGHTLY)
    with pytest.raises(DomainError, match="unanswered: item 9"):
        score_startback([True] * 8, None)
    with pytest.raises(DomainError, match="give 8 answers, got 7"):
        score_startback([True] * 7, Bother.SLIGHTLY)


def test_answers_are_parsed_from_words_or_digits_and_nonsense_is_named() -> None:
    assert parse_agree("1,agree,yes,0,disagree,no,-,Y") == [True, True, True, False, False, False, None, True]
    assert parse_bother(" Very-Much ") == Bother.VERY_MUCH
    with pytest.raises(DomainError, match="item 2: 'maybe'"):
        parse_agree("1,maybe")
    with pytest.raises(DomainError, match="item 9"):
        parse_bother("a lot")


@given(st.lists(st.booleans(), min_size=8, max_size=8), st.sampled_from(list(Bother)))
def test_the_total_and_subscore_stay_in_range_and_decide_the_risk(agree: list[bool], bother: Bother) -> None:
    score = score_startback(agree, bother)
    assert 0 <= score.psychosocial <= 5 and score.psychosocial <= score.total <= 9
    assert score.risk == risk_of(score.total, score.psychosocial)


# --- the change that matters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "matters"),
    [
        (6, 4, True),  # 2 points
        (6, 5, False),  # 1 point is 17% of 6
        (3, 2, True),  # 1 point is 33% of 3
        (4, 3, False),  # 1 point is 25% of 4
        (10, 7, True),  # 3 points is 30% of 10 exactly
        (0, 1, False),  # a start of 0 has no percentage: 2 points needed
        (0, 2, True),
        (5, 5, False),
    ],
)
def test_nrs_change_of_two_points_or_thirty_percent(baseline: int, latest: int, matters: bool) -> None:
    assert nrs_change_matters(baseline, latest) is matters


def test_the_direction_of_a_change_for_pain() -> None:
    assert nrs_change(3, 6).direction == Direction.WORSE and nrs_change(3, 6).worse_and_matters
    assert nrs_change(6, 3).direction == Direction.BETTER and not nrs_change(6, 3).worse_and_matters


def test_an_odi_change_of_ten_points_matters_on_the_exact_values() -> None:
    assert odi_change(Fraction(30), Fraction(40)).worse_and_matters
    assert not odi_change(Fraction(30), Fraction(3999, 100)).matters  # 9.99 points
    assert odi_change(Fraction(45, 2), Fraction(25, 2)).direction == Direction.BETTER
