"""The measures API end to end through HTTP with a bearer token."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from linkwork.core.models import AuditLog
from linkwork.measures.models import MeasureResponse
from linkwork.measures.tests.factories import MeasureResponseFactory, ons4
from linkwork.measures.tests.published import SCHEME_PHQ, write
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory

TODAY = date(2026, 11, 20)


@pytest.fixture
def lw(world, api):
    return api(world.user("link_worker"))


def post(client, referral, body, **headers):
    return client.post(f"/api/v1/referrals/{referral.pk}/measures", body, **headers)


@time_machine.travel(TODAY)
def test_record_ons4_as_a_list_returns_bands_per_item(lw, referral):
    response = post(lw, referral, {"instrument": "ons4", "taken_on": "2026-11-02", "answers": [9, 7, 5, 1]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["instrument"] == "ons4" and body["instrument_version"] == 1 and body["is_baseline"] is True
    bands = {k: v["band"] for k, v in body["results"]["items"].items()}
    assert bands == {
        "life_satisfaction": "very_high",
        "worthwhile": "high",
        "happiness": "medium",
        "anxiety": "very_low",
    }
    assert body["change_from_baseline"] is None
    assert MeasureResponse.objects.get().pk.hex == body["id"].replace("-", "")


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(TODAY)
def test_record_swemwbs_by_item_id_and_pam(lw, referral):
    answers = {"optimistic": 3, "useful": 4, "relaxed": 3, "dealing_with_problems": 3, "thinking_clearly": 4}
    answers.update(close_to_others=2, own_mind=4)
    body = post(lw, referral, {"instrument": "swemwbs", "taken_on": "2026-11-02", "answers": answers}).json()
    assert body["results"] == {"raw": 23, "metric": 20.73}
    pam = post(
        lw, referral, {"instrument": "pam", "taken_on": "2026-11-02", "score": 67.1, "licence_reference": "LIC-7"}
    )
    assert pam.status_code == 201 and pam.json()["results"]["level"] == 4
    unsuitable = post(
        lw, referral, {"instrument": "pam", "taken_on": "2026-11-03", "not_suitable_reason": "reading_age_below_12"}
    )
    assert unsuitable.status_code == 201 and unsuitable.json()["not_suitable_reason"] == "reading_age_below_12"


@time_machine.travel(TODAY)
def test_out_of_range_or_missing_answers_are_422_naming_the_item_and_nothing_is_stored(lw, referral):
    response = post(
        lw,
        referral,
        {
            "instrument": "ons4",
            "taken_on": "2026-11-02",
            "answers": {"life_satisfaction": 5, "worthwhile": 5, "anxiety": 12},
        },
    )
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [
        ("answers.happiness", "required"),
        ("answers.anxiety", "range"),
    ]
    assert not MeasureResponse.objects.exists()
    missing = post(lw, referral, {"instrument": "ons4", "answers": [1, 2, 3, 4]})
    assert missing.status_code == 422 and missing.json()["detail"][0] == {
        "field": "taken_on",
        "rule": "required",
        "message": "Field required",
    }


@pytest.mark.usefixtures("pam_licence")
@time_machine.travel(TODAY)
def test_pam_reassessment_too_soon_is_422(lw, referral):
    body = {"instrument": "pam", "taken_on": "2026-10-02", "score": 45.0, "licence_reference": "L"}
    assert post(lw, referral, body).status_code == 201
    again = post(lw, referral, {**body, "taken_on": "2026-11-20"})
    assert again.status_code == 422 and again.json()["detail"][0]["rule"] == "pam_min_interval"


@time_machine.travel(TODAY)
def test_another_pcns_referral_is_404_and_a_role_that_may_not_record_is_403(world, api, referral):
    body = {"instrument": "ons4", "taken_on": "2026-11-02", "answers": [5, 5, 5, 5]}
    assert post(api(world.other_users["link_worker"]), referral, body).status_code == 404
    forbidden = post(api(world.user("pcn_manager")), referral, body)
    assert forbidden.status_code == 403 and "measures.record_measure" in forbidden.json()["detail"]
    assert post(api(world.user("commissioner")), referral, body).status_code == 403
    assert not MeasureResponse.objects.exists()
    assert AuditLog.objects.filter(action="denied", what="referral").exists()


@time_machine.travel(TODAY)
def test_idempotency_key_replays_the_first_response(lw, referral):
    body = {"instrument": "ons4", "taken_on": "2026-11-02", "answers": [5, 5, 5, 5]}
    first = post(lw, referral, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = post(lw, referral, body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert MeasureResponse.objects.count() == 1


@time_machine.travel(TODAY)
def test_list_a_persons_measures_with_change_from_baseline(world, lw, referral):
    MeasureResponseFactory(referral=referral, taken_on=date(2026, 10, 2), answers=ons4(4, 5, 6, 7))
    MeasureResponseFactory(referral=referral, taken_on=date(2026, 11, 10), answers=ons4(6, 5, 3, 2))
    # Another PCN's episode of the same person is not the caller's to see.
    elsewhere = ReferralFactory(person=referral.person, pcn=world.other_pcn, practice=world.other_practice)
    MeasureResponseFactory(referral=elsewhere, taken_on=date(2026, 10, 5))
    response = lw.get(f"/api/v1/people/{referral.person_id}/measures")
    assert response.status_code == 200
    body = response.json()
    assert [r["taken_on"] for r in body] == ["2026-10-02", "2026-11-10"]
    assert body[0]["is_baseline"] and body[1]["change_from_baseline"]["items"]["anxiety"] == {
        "change": -5,
        "direction": "improved",
    }
    for r in body:
        assert not {"total", "mean", "score"} & set(r["results"])
    assert AuditLog.objects.filter(action="view", what="measures", person_id=referral.person_id).count() == 1


def test_list_is_404_for_someone_out_of_reach(world, api):
    stranger = PersonFactory(gp_practice=world.other_practice)
    assert api(world.user("link_worker")).get(f"/api/v1/people/{stranger.pk}/measures").status_code == 404


@time_machine.travel(TODAY)
def test_a_schemes_own_questionnaire_is_recorded_through_the_api_without_code(tmp_path, lw, referral):
    write(tmp_path, "phq4.yaml", SCHEME_PHQ)
    with override_settings(LINKWORK_EXTRA_INSTRUMENTS_DIR=str(tmp_path)):
        response = post(lw, referral, {"instrument": "phq4", "taken_on": "2026-11-02", "answers": [1, 2, 0, 3]})
        assert response.status_code == 201, response.content
        assert response.json()["results"] == {"raw": 6} and response.json()["instrument_name"] == SCHEME_PHQ["name"]
        refused = post(lw, referral, {"instrument": "phq4", "taken_on": "2026-11-02", "answers": [1, 2, 0, 4]})
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "answers.q4"
    gone = post(lw, referral, {"instrument": "phq4", "taken_on": "2026-11-02", "answers": [1, 2, 0, 3]})
    assert gone.status_code == 422 and gone.json()["detail"][0]["rule"] == "choice"
