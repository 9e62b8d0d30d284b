import dataclasses
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from appeals.models import AppealCase, Benefit
from appeals.pip import (
    ACTIVITY_KEYS,
    DAILY_LIVING,
    MOBILITY,
    Award,
    RuleSet,
    activity_keys,
    parse_rule_sets,
    rule_set_for,
    rule_sets,
    score,
)

PIP_2013 = rule_set_for(date(2025, 1, 1))

EXPECTED_POINTS = {
    "preparing_food": [0, 2, 2, 2, 4, 8],
    "taking_nutrition": [0, 2, 2, 4, 6, 10],
    "managing_therapy": [0, 1, 2, 4, 6, 8],
    "washing_and_bathing": [0, 2, 2, 2, 3, 4, 8],
    "managing_toilet_needs": [0, 2, 2, 4, 6, 8],
    "dressing_and_undressing": [0, 2, 2, 2, 4, 8],
    "communicating_verbally": [0, 2, 4, 8, 12],
    "reading_and_understanding": [0, 2, 2, 4, 8],
    "engaging_with_other_people": [0, 2, 4, 8],
    "making_budgeting_decisions": [0, 2, 4, 6],
    "planning_and_following_journeys": [0, 4, 8, 10, 10, 12],
    "moving_around": [0, 4, 8, 10, 12, 12],
}


def packaged_data() -> dict[str, Any]:
    text = resources.files("appeals").joinpath("data/pip_descriptors.json").read_text("utf-8")
    return json.loads(text)


def later_rule_set(**changes: Any) -> RuleSet:
    return dataclasses.replace(
        PIP_2013, key="pip-test-future", in_force_from=date(2030, 1, 1), **changes
    )


choices_strategy = st.fixed_dictionaries(
    {},
    optional={
        a.key: st.sampled_from([d.letter for d in a.descriptors]) for a in PIP_2013.activities()
    },
)


# The descriptor table


def test_every_descriptor_scores_the_points_in_schedule_1() -> None:
    assert {
        a.key: [d.points for d in a.descriptors] for a in PIP_2013.activities()
    } == EXPECTED_POINTS


def test_descriptor_letters_run_from_a_in_order() -> None:
    for activity in PIP_2013.activities():
        letters = [d.letter for d in activity.descriptors]
        assert letters == list("abcdefg"[: len(letters)])


def test_there_are_55_daily_living_and_12_mobility_descriptors() -> None:
    assert sum(len(a.descriptors) for a in PIP_2013.activities(DAILY_LIVING)) == 55
    assert sum(len(a.descriptors) for a in PIP_2013.activities(MOBILITY)) == 12


def test_top_scores_sum_to_84_daily_living_and_24_mobility() -> None:
    assert PIP_2013.max_points(DAILY_LIVING) == 84
    assert PIP_2013.max_points(MOBILITY) == 24


def test_activities_are_numbered_1_to_12_with_ten_daily_living() -> None:
    assert [a.number for a in PIP_2013.activities()] == list(range(1, 13))
    assert len(PIP_2013.activities(DAILY_LIVING)) == 10
    assert [a.component for a in PIP_2013.activities()] == [DAILY_LIVING] * 10 + [MOBILITY] * 2


def test_activity_keys_list_the_twelve_activities_in_order() -> None:
    assert ACTIVITY_KEYS == activity_keys() == tuple(EXPECTED_POINTS)
    assert PIP_2013.activity("moving_around").title == "Moving around"


def test_descriptors_are_paraphrased() -> None:
    assert PIP_2013.activity("moving_around").descriptor("c").text.endswith("unaided")


def test_pip_2013_thresholds_are_8_and_12_with_no_single_activity_minimum() -> None:
    assert (PIP_2013.key, PIP_2013.in_force_from) == ("pip-2013", date(2013, 4, 8))
    assert (PIP_2013.standard_threshold, PIP_2013.enhanced_threshold) == (8, 12)
    assert PIP_2013.min_single_activity_points is None


# Scoring


def test_all_a_descriptors_score_nothing() -> None:
    result = score(PIP_2013, dict.fromkeys(ACTIVITY_KEYS, "a"))
    assert result.component_points == {DAILY_LIVING: 0, MOBILITY: 0}
    assert result.awards == {DAILY_LIVING: Award.NONE, MOBILITY: Award.NONE}


def test_empty_choices_score_nothing() -> None:
    result = score(PIP_2013, {})
    assert sum(result.activity_points.values()) == 0
    assert result.daily_living_award == Award.NONE


def test_seven_daily_living_points_give_no_award() -> None:
    result = score(
        PIP_2013,
        {"preparing_food": "b", "washing_and_bathing": "e", "dressing_and_undressing": "d"},
    )
    assert result.daily_living_points == 7
    assert result.daily_living_award == Award.NONE


def test_eight_daily_living_points_give_the_standard_rate() -> None:
    result = score(PIP_2013, {"preparing_food": "e", "managing_toilet_needs": "d"})
    assert result.daily_living_points == 8
    assert result.daily_living_award == Award.STANDARD


def test_eleven_points_is_still_the_standard_rate() -> None:
    result = score(PIP_2013, {"taking_nutrition": "f", "managing_therapy": "b"})
    assert result.daily_living_points == 11
    assert result.daily_living_award == Award.STANDARD


def test_twelve_daily_living_points_give_the_enhanced_rate() -> None:
    result = score(PIP_2013, {"communicating_verbally": "e"})
    assert result.daily_living_points == 12
    assert result.daily_living_award == Award.ENHANCED


def test_components_are_scored_separately() -> None:
    result = score(PIP_2013, {"moving_around": "e", "preparing_food": "b"})
    assert result.component_points == {DAILY_LIVING: 2, MOBILITY: 12}
    assert result.awards == {DAILY_LIVING: Award.NONE, MOBILITY: Award.ENHANCED}
    assert result.activity_points["moving_around"] == 12


def test_highest_descriptors_score_84_and_24() -> None:
    top = {a.key: a.descriptors[-1].letter for a in PIP_2013.activities()}
    result = score(PIP_2013, top)
    assert (result.daily_living_points, result.mobility_points) == (84, 24)


def test_descriptor_letters_are_case_insensitive() -> None:
    result = score(PIP_2013, {"moving_around": " D "})
    assert result.mobility_points == 10
    assert result.choices == {"moving_around": "d"}


def test_unknown_activity_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown PIP activity: 'flying'"):
        score(PIP_2013, {"flying": "a"})


def test_unknown_descriptor_letter_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"Activity 9 \(Engaging .*\) has no descriptor 'e'"):
        score(PIP_2013, {"engaging_with_other_people": "e"})


def test_score_result_cannot_be_changed() -> None:
    result = score(PIP_2013, {"moving_around": "b"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.rule_set_key = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.component_points[MOBILITY] = 99  # type: ignore[index]


@given(choices_strategy)
def test_component_points_are_the_sum_of_activity_points(choices: dict[str, str]) -> None:
    result = score(PIP_2013, choices)
    for component in (DAILY_LIVING, MOBILITY):
        keys = [a.key for a in PIP_2013.activities(component)]
        assert result.component_points[component] == sum(result.activity_points[k] for k in keys)
        assert 0 <= result.component_points[component] <= PIP_2013.max_points(component)


@given(choices_strategy)
def test_award_follows_the_8_and_12_point_thresholds(choices: dict[str, str]) -> None:
    result = score(PIP_2013, choices)
    for component, points in result.component_points.items():
        expected = Award.ENHANCED if points >= 12 else Award.STANDARD if points >= 8 else Award.NONE
        assert result.awards[component] == expected


# Dated rule sets


def test_rule_set_for_picks_the_one_in_force_on_the_date() -> None:
    assert rule_set_for(date(2013, 4, 8)).key == "pip-2013"
    with pytest.raises(ValueError, match="No PIP rule set was in force on 2013-04-07"):
        rule_set_for(date(2013, 4, 7))


def test_later_rule_set_applies_from_its_start_date_only() -> None:
    future = later_rule_set()
    candidates = [*rule_sets(), future]
    assert rule_set_for(date(2029, 12, 31), candidates) == PIP_2013
    assert rule_set_for(date(2030, 1, 1), candidates) == future
    assert rule_set_for(date(2031, 6, 1), candidates) == future


def test_single_activity_minimum_withholds_daily_living_from_spread_out_points() -> None:
    future = later_rule_set(min_single_activity_points=4)
    spread = {
        "preparing_food": "b",
        "washing_and_bathing": "b",
        "dressing_and_undressing": "b",
        "making_budgeting_decisions": "b",
        "moving_around": "c",
    }
    assert score(PIP_2013, spread).daily_living_award == Award.STANDARD
    result = score(future, spread)
    assert result.daily_living_points == 8
    assert result.daily_living_award == Award.NONE
    assert result.mobility_award == Award.STANDARD


def test_single_activity_minimum_is_met_by_one_activity_scoring_four() -> None:
    future = later_rule_set(min_single_activity_points=4)
    choices = {"preparing_food": "e", "washing_and_bathing": "b", "dressing_and_undressing": "b"}
    assert score(future, choices).daily_living_award == Award.STANDARD


def test_future_rule_set_can_be_added_as_data_beside_the_old_one() -> None:
    data = packaged_data()
    future = json.loads(json.dumps(data["rule_sets"][0]))
    future.update(key="pip-future", in_force_from="2030-01-01", min_single_activity_points=4)
    loaded = parse_rule_sets({"rule_sets": [future, *data["rule_sets"]]})
    assert [r.key for r in loaded] == ["pip-2013", "pip-future"]
    assert loaded[0] == PIP_2013
    assert rule_set_for(date(2030, 1, 1), loaded).min_single_activity_points == 4


def test_duplicate_descriptor_letters_in_data_are_rejected() -> None:
    data = packaged_data()
    activity = data["rule_sets"][0]["components"]["mobility"][1]
    activity["descriptors"][1]["letter"] = "a"
    with pytest.raises(ValueError, match="Duplicate PIP letter in moving_around: 'a'"):
        parse_rule_sets(data)


def test_rule_sets_starting_on_the_same_day_are_rejected() -> None:
    data = packaged_data()
    twin = {**data["rule_sets"][0], "key": "pip-twin"}
    with pytest.raises(ValueError, match="Duplicate PIP rule set start date"):
        parse_rule_sets({"rule_sets": [*data["rule_sets"], twin]})


def test_a_case_is_judged_under_the_rule_set_of_its_decision_date() -> None:
    assert AppealCase(benefit=Benefit.PIP, decision_date=date(2025, 1, 1)).pip_rule_set == PIP_2013
    undated = AppealCase(benefit=Benefit.PIP)
    assert undated.pip_rule_set == rule_set_for(timezone.localdate())
    assert AppealCase(benefit=Benefit.ESA, decision_date=date(2025, 1, 1)).pip_rule_set is None
    with pytest.raises(ValueError, match="No PIP rule set"):
        _ = AppealCase(benefit=Benefit.PIP, decision_date=date(2013, 4, 7)).pip_rule_set
