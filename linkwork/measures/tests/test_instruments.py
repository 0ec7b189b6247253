"""The shipped definitions hold the published facts, and a malformed definition is refused by name."""

from decimal import Decimal

import pytest
import yaml
from django.core import checks
from django.test import override_settings

from linkwork.measures.apps import check_instrument_definitions
from linkwork.measures.definitions import LICENSED_SCORE, SEPARATE_ITEMS, SUMMED_SCALE
from linkwork.measures.instruments import (
    SHIPPED_DIR,
    InstrumentDefinitionError,
    load_definition,
    load_registry,
    registry,
)
from linkwork.measures.policy.schedule import schedule
from linkwork.measures.tests.published import SCHEME_PHQ, SWEMWBS_METRIC, write


def test_every_shipped_definition_names_its_source_and_licence():
    definitions = registry().all_current()
    assert [d.key for d in definitions] == [
        "ons4",
        "swemwbs",
        "pam",
        "wellbeing_star",
        "satisfaction",
        "employability",
        "service_use",
    ]
    for d in definitions:
        assert d.source.strip() and d.licence.strip() and d.version >= 1 and d.shipped


def test_ons4_is_four_separate_items_with_the_ons_bands():
    d = registry().current("ons4")
    assert d.kind == SEPARATE_ITEMS
    assert d.item_ids == ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
    for item in d.items:
        assert (item.min, item.max) == (0, 10)
    positive = [(b.key, b.low, b.high) for b in d.item("happiness").bands]
    assert positive == [("low", 0, 4), ("medium", 5, 6), ("high", 7, 8), ("very_high", 9, 10)]
    assert d.item("life_satisfaction").bands == d.item("worthwhile").bands == d.item("happiness").bands
    anxiety = [(b.key, b.low, b.high) for b in d.item("anxiety").bands]
    assert anxiety == [("very_low", 0, 1), ("low", 2, 3), ("medium", 4, 5), ("high", 6, 10)]
    assert d.item("anxiety").better == "lower" and d.item("happiness").better == "higher"


def test_swemwbs_holds_the_whole_published_conversion_table_and_threshold():
    d = registry().current("swemwbs")
    assert d.kind == SUMMED_SCALE and len(d.items) == 7
    assert all((i.min, i.max, i.required) == (1, 5, True) for i in d.items)
    assert d.items[0].options == {
        1: "None of the time",
        2: "Rarely",
        3: "Some of the time",
        4: "Often",
        5: "All of the time",
    }
    assert d.total.conversion == SWEMWBS_METRIC
    assert d.total.meaningful_change == 3


def test_pam_holds_no_items_only_cut_points_reasons_and_interval():
    d = registry().current("pam")
    assert d.kind == LICENSED_SCORE and d.items == ()
    assert [lv.up_to for lv in d.score.levels] == [Decimal("47.0"), Decimal("55.1"), Decimal("67.0"), None]
    assert (d.score.min, d.score.max, d.score.decimals) == (0, 100, 1)
    assert {
        "severe_mental_health",
        "dementia",
        "limited_english",
        "learning_disability",
        "reading_age_below_12",
    } <= set(d.score.not_suitable)
    assert d.min_interval_months == 3 and d.licence_reference == "required"
    text = (SHIPPED_DIR / "pam.yaml").read_text()
    assert "text:" not in text  # no proprietary question text is shipped


def test_wellbeing_star_is_domain_names_only():
    d = registry().current("wellbeing_star")
    assert len(d.items) == 8 and all((i.min, i.max, i.text) == (1, 10, "") for i in d.items)


def test_service_use_and_employability_cover_the_common_outcomes_framework():
    use = registry().current("service_use")
    assert use.window_months == 6
    assert {"gp_consultations", "ae_attendances", "hospital_bed_days"} <= {i.id for i in use.items if i.required}
    assert {"prescriptions", "ambulance_callouts"} <= {i.id for i in use.items if not i.required}
    employability = registry().current("employability")
    assert employability.item_ids == [
        "staying_in_work",
        "new_employment",
        "volunteering",
        "training",
        "qualifications",
        "new_business_or_group",
    ]
    assert all(i.type == "yes_no" for i in employability.items)


def test_the_schedule_names_only_defined_instruments():
    assert schedule().instruments <= set(registry().instrument_keys())
    assert [p.offset_months for p in schedule().points if "ons4" in p.instruments] == [0, 6, 12]
    assert [p.offset_months for p in schedule().points if "pam" in p.instruments] == [0, 6, 12]
    assert check_instrument_definitions() == []


def test_a_scheme_adds_its_own_questionnaire_by_dropping_in_a_file(tmp_path):
    write(tmp_path, "phq4.yaml", SCHEME_PHQ)
    with override_settings(LINKWORK_EXTRA_INSTRUMENTS_DIR=str(tmp_path)):
        added = registry().current("phq4")
        assert added is not None and not added.shipped and added.total.conversion == {}
        assert registry().instrument_keys()[-1] == "phq4" and "ons4" in registry().instrument_keys()
    assert registry().current("phq4") is None


def test_a_scheme_cannot_redefine_a_shipped_instrument(tmp_path):
    write(tmp_path, "ons4.yaml", {**SCHEME_PHQ, "key": "ons4", "version": 2})
    with pytest.raises(InstrumentDefinitionError, match=r"ons4\.yaml: key 'ons4' belongs to an instrument linkwork"):
        load_registry(tmp_path)


def test_a_broken_scheme_file_fails_the_system_check_naming_the_file(tmp_path):
    write(tmp_path, "broken.yaml", {**SCHEME_PHQ, "kind": "average"})
    with override_settings(LINKWORK_EXTRA_INSTRUMENTS_DIR=str(tmp_path)):
        errors = check_instrument_definitions()
    assert len(errors) == 1 and errors[0].level == checks.ERROR
    assert "broken.yaml: kind must be one of" in errors[0].msg


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"source": ""}, "source is required"),
        ({"licence": None}, "licence is required"),
        ({"key": "PHQ-4"}, "key must be lower-case"),
        ({"version": 0}, "version must be 1 or more"),
        ({"version": "one"}, "version must be int"),
        ({"items": []}, "at least one item is required"),
        ({"items": [{"id": "q1", "label": "Q", "type": "scale", "min": 3, "max": 0}]}, "min must be less than max"),
        ({"items": [{"id": "q1", "label": "Q", "type": "slider"}]}, "type must be one of"),
        ({"items": [{"id": "q1", "label": "Q", "type": "scale", "min": 0, "max": 3}] * 2}, "ids must be unique"),
        (
            {"items": [{"id": "q1", "label": "Q", "type": "scale", "min": 0, "max": 3, "required": False}]},
            "every item to be a required scale",
        ),
        ({"total": {"conversion": {"name": "metric", "label": "M", "table": {0: 1}}}}, "must convert every raw"),
        ({"total": {"meaningful_change": -1}}, "meaningful_change must be above 0"),
        ({"licence_reference": "sometimes"}, "licence_reference must be one of"),
    ],
)
def test_malformed_definitions_are_refused_naming_file_and_problem(tmp_path, change, problem):
    path = write(tmp_path, "scheme.yaml", {**SCHEME_PHQ, **change})
    with pytest.raises(InstrumentDefinitionError) as refused:
        load_definition(path)
    assert str(refused.value).startswith(f"{path}: ") and problem in str(refused.value)


def test_bands_must_cover_the_scale_without_gaps(tmp_path):
    broken = {
        **SCHEME_PHQ,
        "kind": "separate_items",
        "band_sets": {
            "b": [{"key": "low", "label": "Low", "from": 0, "to": 1}, {"key": "hi", "label": "Hi", "from": 3, "to": 3}]
        },
        "items": [{"id": "q1", "label": "Q", "type": "scale", "min": 0, "max": 3, "bands": "b"}],
    }
    with pytest.raises(InstrumentDefinitionError, match="without gaps or overlaps"):
        load_definition(write(tmp_path, "gap.yaml", broken))


def test_licensed_cut_points_must_rise(tmp_path):
    pam = yaml.safe_load((SHIPPED_DIR / "pam.yaml").read_text())
    pam["levels"][1]["up_to"] = 40.0
    with pytest.raises(InstrumentDefinitionError, match="cut points must rise"):
        load_definition(write(tmp_path, "pam_copy.yaml", {**pam, "key": "pam_copy"}))


def test_unforeseen_shapes_still_name_the_file(tmp_path):
    odd = {
        **SCHEME_PHQ,
        "items": [{"id": "q1", "label": "Q", "type": "scale", "min": 0, "max": 1, "options": {"a": "A"}}],
    }
    with pytest.raises(InstrumentDefinitionError, match=r"odd\.yaml: malformed definition"):
        load_definition(write(tmp_path, "odd.yaml", odd))


def test_unreadable_yaml_is_named(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"bad\.yaml: cannot be read as YAML"):
        load_definition(path)
