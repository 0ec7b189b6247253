"""Rows of a chunk's care plans: plans, goals, goal progress changes and versions.

Every change (plan made, review agreed, part two answered, goal added, goal moved on) is a version, numbered
1, 2, 3, ... per plan in time order, with the snapshot plans.services.snapshot takes, as the JSON text Django's
JSONField stores (json.dumps: sections in the plan's field order, then goals in the order they were added).
Snapshots are assembled from pieces made once each: a plan's sections once per distinct state, a goal once
per change of its progress.
"""

import json

import numpy as np

from linkwork.plans.sections import PART_ONE_FIELDS, PART_TWO_FIELDS, PERMISSION_FIELDS
from linkwork.synthetic import ids
from linkwork.synthetic.clock import NULL
from linkwork.synthetic.plans import CREATED, GOAL_ADDED, GOAL_PROGRESS, PROGRESS, SECTIONS, Plans

PLAN_FIELDS = PART_ONE_FIELDS + PART_TWO_FIELDS
STEP = 1 << 20  # spacing of (row, version number) keys; a plan has far fewer versions
MAX_GOALS = 4
# Sections are written in the plan's field order (plans.services.snapshot): the part-one texts, the review,
# then part two. Assembling them relies on that order, so a new field has to be placed here too.
BLANK_PART_TWO = (
    '"changes": "", "share_story": "not_asked", "satisfaction_survey": "not_asked", "evaluation": "not_asked"'
)
PART_ONE_TEXTS = ("what_matters", "how_to_support", "health_conditions", "support", "self_support")
if (*PART_ONE_TEXTS, "review_on", "review_note", "changes", *PERMISSION_FIELDS) != PLAN_FIELDS or PERMISSION_FIELDS != (
    "share_story",
    "satisfaction_survey",
    "evaluation",
):
    raise ImportError(f"synthetic snapshots assume the plan fields in the order of {PLAN_FIELDS}; update snapshots.py")


def _iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"))


def uuid_text(hexes: np.ndarray) -> list[str]:
    """Hyphenated UUID text (as str(uuid.UUID)) of 32-character hex."""
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in (x.decode() for x in hexes.tolist())]


def _number_events(plans: Plans):
    """Every change as a version: (plan, moment, by, change, source index), sorted, with its number."""
    n = len(plans)
    firsts = (
        np.r_[True, plans.review_plan[1:] != plans.review_plan[:-1]] if len(plans.review_plan) else np.array([], bool)
    )
    reviews = np.nonzero(~firsts)[0]
    answered = np.nonzero(plans.part_two_at != NULL)[0]
    change_plan = plans.goal_plan[plans.change_goal]
    kinds = [CREATED, SECTIONS, SECTIONS, GOAL_PROGRESS]
    plan = np.concatenate([np.arange(n), plans.review_plan[reviews], answered, change_plan])
    at = np.concatenate([plans.made_at, plans.review_at[reviews], plans.part_two_at[answered], plans.change_at])
    by = np.concatenate([plans.made_by, plans.review_by[reviews], plans.part_two_by[answered], plans.change_by])
    source = np.concatenate([np.zeros(n, np.int64), reviews, answered, np.arange(len(change_plan))])
    kind = np.concatenate([np.full(len(x), i) for i, x in enumerate((plan[:n], reviews, answered, change_plan))])
    order = np.lexsort((kind, at, plan))
    plan, at, by, source, kind = plan[order], at[order], by[order], source[order], kind[order]
    starts = np.searchsorted(plan, np.arange(n))
    number = np.arange(len(plan)) - starts[plan] + 1
    change = np.array(kinds)[kind]
    is_goal = kind == 3
    change[is_goal & (plans.change_from[np.where(is_goal, source, 0)] == -1)] = GOAL_ADDED
    return plan, at, by, source, kind, number, change


def build_plan_rows(plans: Plans, referral_ids: np.ndarray, uid: ids.Uuids) -> dict[str, dict]:
    n, g, c = len(plans), len(plans.goal_plan), len(plans.change_goal)
    plan_ids, goal_ids, change_ids = uid(n), uid(g), uid(c)
    plan, at, by, source, kind, number, change = _number_events(plans)
    v = len(plan)
    version_ids = uid(v)

    # Version numbers of each review (the first at creation: 1), part two and goal change.
    review_number = np.ones(len(plans.review_plan), dtype=np.int64)
    review_number[source[kind == 1]] = number[kind == 1]
    part_two_number = np.full(n, STEP, dtype=np.int64)
    part_two_number[source[kind == 2]] = number[kind == 2]
    change_number = np.zeros(c, dtype=np.int64)
    change_number[source[kind == 3]] = number[kind == 3]

    # The state each version holds: the latest review, whether part two is answered, each goal's latest change.
    review_keys = plans.review_plan * STEP + review_number
    state_review = np.searchsorted(review_keys, plan * STEP + number, side="right") - 1
    state_part_two = part_two_number[plan] <= number
    goal_start = np.cumsum(plans.goals) - plans.goals
    change_keys = plans.change_goal * STEP + change_number
    goal_states = np.full((v, MAX_GOALS), -1, dtype=np.int64)
    for k in range(MAX_GOALS):
        has = k < plans.goals[plan]
        goal = goal_start[plan] + k
        found = np.searchsorted(change_keys, np.where(has, goal, 0) * STEP + number, side="right") - 1
        ok = has & (found >= 0)
        ok[ok] &= plans.change_goal[found[ok]] == goal[ok]
        goal_states[:, k] = np.where(ok, found, -1)

    sections, part_two = _sections_json(plans, state_review, state_part_two, plan)
    goal_json = _goal_json(plans, goal_ids)
    snapshot = [
        f'{{"sections": {s}, "goals": [{", ".join([goal_json[i] for i in row if i >= 0])}]}}'
        for s, row in zip(sections, goal_states.tolist(), strict=True)
    ]

    last_version = np.searchsorted(plan, np.arange(n), side="right") - 1
    last_review = np.searchsorted(plans.review_plan, np.arange(n), side="right") - 1
    last_change = np.searchsorted(plans.change_goal, np.arange(g), side="right") - 1
    careplan = {
        "id": plan_ids,
        "created_at": plans.made_at,
        "updated_at": at[last_version],
        "created_by_id": plans.made_by,
        "referral_id": referral_ids[plans.episode],
        **plans.texts,
        "review_on": plans.review_on[last_review],
        "review_note": plans.review_note[last_review],
        **part_two,
        "version": number[last_version],
    }
    goals = {
        "id": goal_ids,
        "created_at": plans.goal_at,
        "updated_at": plans.change_at[last_change],
        "created_by_id": plans.made_by[plans.goal_plan],
        "care_plan_id": plan_ids[plans.goal_plan],
        "description": plans.goal_text,
        "progress": np.array(PROGRESS)[plans.change_to[last_change]],
        "progress_on": plans.change_day[last_change],
    }
    changes = {
        "id": change_ids,
        "created_at": plans.change_at,
        "updated_at": plans.change_at,
        "created_by_id": plans.change_by,
        "goal_id": goal_ids[plans.change_goal],
        "from_progress": np.array(("", *PROGRESS))[plans.change_from + 1],
        "to_progress": np.array(PROGRESS)[plans.change_to],
        "progress_on": plans.change_day,
    }
    versions = {
        "id": version_ids,
        "created_at": at,
        "updated_at": at,
        "created_by_id": by,
        "care_plan_id": plan_ids[plan],
        "number": number,
        "change": change,
        "snapshot": snapshot,
    }
    return {"careplan": careplan, "goal": goals, "goalprogresschange": changes, "careplanversion": versions}


def _final_part_two(plans: Plans) -> dict[str, np.ndarray]:
    answered = plans.part_two_at != NULL
    out = {}
    for field in PART_TWO_FIELDS:
        blank = "not_asked" if field in PERMISSION_FIELDS else ""
        out[field] = np.where(answered, plans.part_two[field], blank)
    return out


def _json_texts(values: np.ndarray) -> list[str]:
    """JSON of each text, encoded once per distinct text (they come from short phrase lists)."""
    encoded: dict[str, str] = {}
    return [encoded.get(t) or encoded.setdefault(t, json.dumps(t)) for t in values.tolist()]


def _sections_json(plans: Plans, state_review, state_part_two, plan) -> tuple[list[str], dict]:
    """Each version's sections as JSON text, made once per distinct state (part one once per plan, part two once
    per plan that answered it), and the plans' final part two."""
    part_two = _final_part_two(plans)
    what, how, health, support, own = (_json_texts(plans.texts[f]) for f in PART_ONE_TEXTS)
    part_one = [
        f'"what_matters": {a}, "how_to_support": {b}, "health_conditions": {c}, "support": {d}, "self_support": {e}'
        for a, b, c, d, e in zip(what, how, health, support, own, strict=True)
    ]
    changes, story, survey, evaluation = (_json_texts(part_two[f]) for f in PART_TWO_FIELDS)
    combo = state_review * 2 + state_part_two
    unique, inverse = np.unique(combo, return_inverse=True)
    review, with_part_two = (unique // 2).tolist(), (unique % 2).astype(bool).tolist()
    review_on = _iso(plans.review_on).tolist()
    review_note = _json_texts(plans.review_note)
    owner = plans.review_plan.tolist()
    made = []
    for r, two in zip(review, with_part_two, strict=True):
        p = owner[r]
        if two:
            second = (
                f'"changes": {changes[p]}, "share_story": {story[p]}, "satisfaction_survey": {survey[p]}, '
                f'"evaluation": {evaluation[p]}'
            )
        else:
            second = BLANK_PART_TWO
        made.append(f'{{{part_one[p]}, "review_on": "{review_on[r]}", "review_note": {review_note[r]}, {second}}}')
    return [made[i] for i in inverse.reshape(-1).tolist()], part_two


def _goal_json(plans: Plans, goal_ids: np.ndarray) -> list[str]:
    """A goal as it stood after each change: {"id", "description", "progress", "progress_on"}."""
    ident = uuid_text(goal_ids)
    described = {t: json.dumps(t) for t in set(plans.goal_text.tolist())}
    text = plans.goal_text.tolist()
    days = _iso(plans.change_day).tolist()
    return [
        f'{{"id": "{ident[goal]}", "description": {described[text[goal]]}, "progress": "{PROGRESS[to]}", '
        f'"progress_on": "{day}"}}'
        for goal, to, day in zip(plans.change_goal.tolist(), plans.change_to.tolist(), days, strict=True)
    ]
