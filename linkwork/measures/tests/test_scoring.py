"""Scoring against every value of the published tables, and with hypothesis across the ranges."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.measures.instruments import registry
from linkwork.measures.policy.scoring import (
    answers_by_item,
    can_be_baseline,
    change_from_baseline,
    check_licensed,
    score,
)
from linkwork.measures.tests.published import SWEMWBS_METRIC


def d(key):
    return registry().current(key)


def scored(key, answers, **kwargs):
    checked, errors = answers_by_item(d(key), answers)
    assert errors == []
    return score(d(key), checked, **kwargs)


# ONS: 0-4 low, 5-6 medium, 7-8 high, 9-10 very high; anxiety 0-1 very low, 2-3 low, 4-5 medium, 6-10 high.
ONS_POSITIVE = {
    **dict.fromkeys(range(5), "low"),
    **dict.fromkeys((5, 6), "medium"),
    **dict.fromkeys((7, 8), "high"),
    **dict.fromkeys((9, 10), "very_high"),
}
ONS_ANXIETY = {
    **dict.fromkeys((0, 1), "very_low"),
    **dict.fromkeys((2, 3), "low"),
    **dict.fromkeys((4, 5), "medium"),
    **dict.fromkeys(range(6, 11), "high"),
}


@pytest.mark.parametrize("value", range(11))
def test_every_ons4_value_gets_its_ons_band(value):
    results = scored("ons4", [value] * 4)["items"]
    for item in ("life_satisfaction", "worthwhile", "happiness"):
        assert results[item] == {"value": value, "band": ONS_POSITIVE[value], "band_label": results[item]["band_label"]}
    assert results["anxiety"]["band"] == ONS_ANXIETY[value]


@pytest.mark.parametrize(
    ("item", "value", "label"),
    [
        ("happiness", 4, "Low"),
        ("happiness", 5, "Medium"),
        ("happiness", 6, "Medium"),
        ("happiness", 7, "High"),
        ("happiness", 8, "High"),
        ("happiness", 9, "Very high"),
        ("anxiety", 1, "Very low"),
        ("anxiety", 2, "Low"),
        ("anxiety", 3, "Low"),
        ("anxiety", 4, "Medium"),
        ("anxiety", 5, "Medium"),
        ("anxiety", 6, "High"),
    ],
)
def test_ons4_band_boundaries(item, value, label):
    assert scored("ons4", {**dict.fromkeys(d("ons4").item_ids, 0), item: value})["items"][item]["band_label"] == label


FORBIDDEN = {"total", "sum", "mean", "average", "score", "raw", "metric", "composite", "overall"}


def all_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from all_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from all_keys(inner)


ons_answers = st.lists(st.integers(0, 10), min_size=4, max_size=4)


@given(ons_answers, ons_answers)
def test_ons4_is_never_combined_into_one_score(first, later):
    """Reference measures.md: the four ONS4 questions are not a composite; nothing totals or averages them."""
    baseline, results = scored("ons4", first), scored("ons4", later)
    assert set(results) == {"items"} and set(results["items"]) == set(d("ons4").item_ids)
    change = change_from_baseline(d("ons4"), baseline, results)
    assert set(change) == {"items"}
    for found in (results, change):
        assert not FORBIDDEN & set(all_keys(found))


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_METRIC.items()))
def test_every_swemwbs_raw_score_converts_by_the_published_table(raw, metric):
    # Spread the raw score over the seven items (each 1-5).
    answers, left = [], raw
    for remaining in range(7, 0, -1):
        value = min(5, left - (remaining - 1))
        answers.append(value)
        left -= value
    assert sum(answers) == raw
    assert scored("swemwbs", answers) == {"raw": raw, "metric": metric}


@given(st.lists(st.integers(1, 5), min_size=7, max_size=7))
def test_swemwbs_metric_is_the_table_value_of_the_sum(answers):
    results = scored("swemwbs", answers)
    assert 7 <= results["raw"] == sum(answers) <= 35
    assert results["metric"] == SWEMWBS_METRIC[sum(answers)]


@given(st.lists(st.integers(1, 5), min_size=7, max_size=7), st.integers(0, 6))
def test_swemwbs_is_never_prorated(answers, missing):
    with_gap = dict(zip(d("swemwbs").item_ids, answers, strict=True))
    with_gap[d("swemwbs").item_ids[missing]] = None
    _, errors = answers_by_item(d("swemwbs"), with_gap)
    assert [(e.field, e.rule) for e in errors] == [(f"answers.{d('swemwbs').item_ids[missing]}", "required")]


@pytest.mark.parametrize(
    ("before", "after", "change", "meaningful"),
    [
        ([3] * 7, [3] * 7, 0.0, False),  # raw 21 -> 21
        ([3] * 7, [4, 3, 3, 3, 3, 3, 3], 0.73, False),  # 19.25 -> 19.98
        ([3] * 7, [4, 4, 4, 4, 3, 3, 3], 3.1, True),  # 19.25 -> 22.35
        ([5] * 7, [4, 5, 5, 5, 5, 5, 5], -2.45, False),  # 35.00 -> 32.55
        ([5] * 7, [4, 4, 5, 5, 5, 5, 5], -4.3, True),  # 35.00 -> 30.70
    ],
)
def test_swemwbs_change_and_whether_it_is_meaningful(before, after, change, meaningful):
    found = change_from_baseline(d("swemwbs"), scored("swemwbs", before), scored("swemwbs", after))
    assert found["change"] == change and found["on"] == "metric"
    assert found["meaningful"] is meaningful


def test_swemwbs_meaningful_threshold_is_three_metric_points_either_way():
    low = {"raw": 21, "metric": 19.25}
    assert change_from_baseline(d("swemwbs"), low, {"raw": 25, "metric": 22.35})["meaningful"] is True  # +3.10
    assert change_from_baseline(d("swemwbs"), low, {"raw": 24, "metric": 21.54})["meaningful"] is False  # +2.29
    worse = change_from_baseline(d("swemwbs"), {"raw": 25, "metric": 22.35}, low)
    assert worse["meaningful"] is True and worse["direction"] == "worse"


# Level 1: 0.0-47.0, level 2: 47.1-55.1, level 3: 55.2-67.0, level 4: 67.1-100 (reference measures.md).
@pytest.mark.parametrize(
    ("value", "level"),
    [(0, 1), (47.0, 1), (47.1, 2), (55.1, 2), (55.2, 3), (67.0, 3), (67.1, 4), (100, 4)],
)
def test_pam_cut_points(value, level):
    licensed, errors = check_licensed(d("pam"), value, "LIC-1", "")
    assert errors == []
    assert score(d("pam"), {}, licensed=licensed)["level"] == level


def expected_pam_level(tenths: int) -> int:
    if tenths <= 470:
        return 1
    if tenths <= 551:
        return 2
    if tenths <= 670:
        return 3
    return 4


def test_every_pam_score_to_one_decimal_gets_its_level():
    for tenths in range(1001):
        licensed, errors = check_licensed(d("pam"), tenths / 10, "LIC-1", "")
        assert errors == []
        assert score(d("pam"), {}, licensed=licensed)["level"] == expected_pam_level(tenths), tenths


@pytest.mark.parametrize(
    ("given", "reference", "reason", "rules"),
    [
        (None, "LIC-1", "", [("score", "required")]),
        (100.1, "LIC-1", "", [("score", "range")]),
        (-0.1, "LIC-1", "", [("score", "range")]),
        (55.15, "LIC-1", "", [("score", "decimals")]),
        ("lots", "LIC-1", "", [("score", "number")]),
        (True, "LIC-1", "", [("score", "number")]),
        (60.0, "", "", [("licence_reference", "required")]),
        (60.0, "LIC-1", "dementia", [("score", "score_or_not_suitable")]),
        (None, "", "tired", [("not_suitable_reason", "choice")]),
    ],
)
def test_pam_refusals_name_field_and_rule(given, reference, reason, rules):
    _, errors = check_licensed(d("pam"), given, reference, reason)
    assert [(e.field, e.rule) for e in errors] == rules


def test_pam_not_suitable_is_recorded_instead_of_a_score_and_is_never_a_baseline():
    licensed, errors = check_licensed(d("pam"), None, "", "dementia")
    assert errors == []
    results = score(d("pam"), {}, licensed=licensed)
    assert results == {"not_suitable": "dementia", "not_suitable_label": "Dementia"}
    assert not can_be_baseline(d("pam"), results)


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_pam_change_is_the_score_difference(first, later):
    def result(tenths):
        licensed, _ = check_licensed(d("pam"), tenths / 10, "L", "")
        return score(d("pam"), {}, licensed=licensed)

    change = change_from_baseline(d("pam"), result(first), result(later))
    assert change["change"] == round((later - first) / 10, 1)
    assert change["level_change"] == expected_pam_level(later) - expected_pam_level(first)


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        ([5, 5, 5, 11], [("answers.anxiety", "range")]),
        ([5, 5, -1, 5], [("answers.happiness", "range")]),
        ([5, 5, 5], [("answers", "item_count")]),
        ({"life_satisfaction": 5, "worthwhile": 5, "happiness": 5}, [("answers.anxiety", "required")]),
        ([5, 5, 5, "7"], [("answers.anxiety", "integer")]),
        ([5, 5, 5, 7.5], [("answers.anxiety", "integer")]),
        ([5, 5, 5, True], [("answers.anxiety", "integer")]),
        (
            {**dict.fromkeys(["life_satisfaction", "worthwhile", "happiness", "anxiety"], 1), "mood": 3},
            [("answers.mood", "unknown_item")],
        ),
        ("5555", [("answers", "type")]),
    ],
)
def test_bad_answers_name_the_item_and_the_rule(answers, errors):
    _, found = answers_by_item(d("ons4"), answers)
    assert [(e.field, e.rule) for e in found] == errors
    assert all(e.message for e in found)


def test_the_message_names_the_item_in_words():
    _, found = answers_by_item(d("ons4"), [5, 5, 5, 11])
    assert found[0].message == "Anxiety: the answer must be from 0 to 10, not 11"


def test_ons4_change_is_per_item_and_anxiety_falling_is_better():
    change = change_from_baseline(d("ons4"), scored("ons4", [4, 5, 6, 8]), scored("ons4", [6, 5, 4, 3]))
    assert change["items"]["life_satisfaction"] == {"change": 2, "direction": "improved"}
    assert change["items"]["worthwhile"] == {"change": 0, "direction": "same"}
    assert change["items"]["happiness"] == {"change": -2, "direction": "worse"}
    assert change["items"]["anxiety"] == {"change": -5, "direction": "improved"}


def test_labelled_answers_and_yes_no():
    satisfaction = scored("satisfaction", {"overall": 4, "listened_to": 5, "would_recommend": True})
    assert satisfaction["items"]["overall"] == {"value": 4, "answer_label": "Satisfied"}
    assert satisfaction["items"]["would_recommend"] == {"value": True, "answer_label": "Yes"}
    _, errors = answers_by_item(d("employability"), [True, False, "yes", True, False, None])
    assert [(e.field, e.rule) for e in errors] == [
        ("answers.volunteering", "yes_no"),
        ("answers.new_business_or_group", "required"),
    ]


def test_service_use_windows_are_half_open_and_the_same_length_either_side():
    received = date(2026, 8, 31)
    answers = {"period": "before", "gp_consultations": 6, "ae_attendances": 1, "hospital_bed_days": 0}
    before = scored("service_use", answers, received_on=received)
    assert (before["window_from"], before["window_to"]) == ("2026-02-28", "2026-08-31")
    after = scored("service_use", {**answers, "period": "after", "gp_consultations": 2}, received_on=received)
    assert (after["window_from"], after["window_to"]) == ("2026-08-31", "2027-02-28")
    assert after["items"]["prescriptions"] == {"value": None}
    change = change_from_baseline(d("service_use"), before, after)
    assert change["items"]["gp_consultations"] == {"change": -4, "direction": "improved"}
    assert "prescriptions" not in change["items"]
    assert can_be_baseline(d("service_use"), before) and not can_be_baseline(d("service_use"), after)
    assert change_from_baseline(d("service_use"), after, before) is None


def test_service_use_period_must_be_before_or_after():
    _, errors = answers_by_item(
        d("service_use"), {"period": "during", "gp_consultations": 1, "ae_attendances": 0, "hospital_bed_days": 200}
    )
    assert [(e.field, e.rule) for e in errors] == [("answers.period", "choice"), ("answers.hospital_bed_days", "range")]


def test_scores_are_decimal_safe():
    licensed, _ = check_licensed(d("pam"), Decimal("55.1"), "L", "")
    assert score(d("pam"), {}, licensed=licensed)["level"] == 2
