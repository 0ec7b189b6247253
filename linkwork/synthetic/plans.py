"""Personalised care and support plans for accepted episodes, as plans.services would have written them.

A plan is made at the first follow-up contact (a week or two after the person accepts support) by the
practitioner at that contact, in the person's words (phrases), with 1-4 goals added straight after. At later
contacts goals move on (most to in progress, many achieved by the end, some no longer relevant) and, from a
week before the agreed review date, the review is usually held and a new date agreed. At the six-month
follow-up call some people answer part two. Goals and part one change only at contacts, so only while the
episode is open; part two may come after it ended (plan_policy.CHANGEABLE_AFTER_CLOSE). Contacts not yet
happened bring no change, which leaves live plans with goals under way and some reviews due or overdue.

Every change is a version; snapshots.py writes each version's snapshot and the rows.
"""

from dataclasses import dataclass

import numpy as np

from linkwork.plans.sections import PART_TWO, REVIEW
from linkwork.synthetic import distributions as dist
from linkwork.synthetic import phrases
from linkwork.synthetic.clock import NULL
from linkwork.synthetic.episodes import REASON_KEYS, Episodes, choice
from linkwork.synthetic.measures import Outcomes, shift_months
from linkwork.synthetic.timeline import Timeline
from linkwork.synthetic.world import World

MINUTE = 60
NEVER = np.iinfo(np.int64).max // 4  # a day no contact reaches
PROGRESS = ("not_started", "in_progress", "achieved", "no_longer_relevant")
NOT_STARTED, IN_PROGRESS, ACHIEVED, NO_LONGER_RELEVANT = range(4)
ANSWERS = ("yes", "no", "not_asked")
# Kinds of change, as CarePlanVersion.Change values.
CREATED, SECTIONS, GOAL_ADDED, GOAL_PROGRESS = "created", "sections", "goal_added", "goal_progress"


@dataclass
class Plans:
    """A chunk's plans and their history. Per plan: p; per goal: g; per goal change: c; per review: r."""

    episode: np.ndarray  # (p) chunk episode index
    made_at: np.ndarray  # (p) moment
    made_by: np.ndarray  # (p) hex
    texts: dict[str, np.ndarray]  # (p) part-one text by field
    goals: np.ndarray  # (p) how many goals
    goal_plan: np.ndarray  # (g)
    goal_text: np.ndarray  # (g)
    goal_at: np.ndarray  # (g) moment added
    change_goal: np.ndarray  # (c) in goal order, then time order
    change_from: np.ndarray  # (c) index into PROGRESS, -1 for the first
    change_to: np.ndarray  # (c)
    change_day: np.ndarray  # (c) progress_on
    change_at: np.ndarray  # (c)
    change_by: np.ndarray  # (c)
    review_plan: np.ndarray  # (r) the agreed review dates, in plan order then time order, the first at creation
    review_on: np.ndarray  # (r) day
    review_note: np.ndarray  # (r) text
    review_at: np.ndarray  # (r)
    review_by: np.ndarray  # (r)
    part_two_at: np.ndarray  # (p) moment part two was answered, NULL if not
    part_two_by: np.ndarray  # (p)
    part_two: dict[str, np.ndarray]  # (p) part-two values by field (as answered, where answered)

    def __len__(self) -> int:
        return len(self.episode)


def _tagged_weights(items: tuple, reasons: np.ndarray) -> np.ndarray:
    """(rows, items) weights: high where an item suits one of the row's referral reasons."""
    suits = np.zeros((len(REASON_KEYS), len(items)), dtype=np.int64)
    for j, (_, tags) in enumerate(items):
        for tag in tags:
            suits[REASON_KEYS.index(tag), j] = 1
    # Integer product: no BLAS, whose threads do not survive the fork into pipeline's child process.
    return 1.0 + dist.GOAL_MATCHES_REASON_WEIGHT * np.minimum(reasons.astype(np.int64) @ suits, 1)


def _ranked(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Each row's columns in a random order drawn in proportion to the weights (Gumbel top-k)."""
    keys = np.log(weights) + rng.gumbel(size=weights.shape)
    return np.argsort(-keys, axis=1)


def _optional(rng: np.random.Generator, options: tuple[str, ...], share: float, n: int) -> np.ndarray:
    picked = np.array(options, dtype=object)[rng.integers(0, len(options), n)]
    return np.where(rng.random(n) < share, picked, "").astype(str)


def _weeks_later(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    lo, hi = dist.REVIEW_AFTER_WEEKS
    return days + 7 * rng.integers(lo, hi + 1, len(days))


def make_plans(world: World, ep: Episodes, tl: Timeline, outcomes: Outcomes, rng: np.random.Generator) -> Plans:
    accepted = (ep.outcome == dist.ACCEPTED) & (tl.reach >= 0)
    happened = np.where(accepted, tl.last_contact - tl.reach, 0)  # follow-ups so far
    e = np.nonzero(accepted & (happened >= 1) & (rng.random(len(ep)) < dist.PLAN_SHARE))[0]
    n = len(e)
    # Follow-up contacts q = 1, 2, ... of each plan's episode: day, moment recorded, practitioner (NEVER/none
    # where not happened yet). The plan is made at q = 1.
    width = int(tl.follow[e].max()) + 1 if n else 2
    q = np.arange(width)
    row = tl.reach[e][:, None] + q
    real = (q >= 1) & (q <= happened[e][:, None])
    row = np.where(real, row, 0)
    day = np.where(real, tl.day[row] if len(tl.day) else 0, NEVER)
    entered = tl.entered[row] if len(tl.day) else np.zeros_like(row)
    by = world.holder_ids[ep.pcn[e][:, None], tl.holder_col[row]] if len(tl.day) else np.zeros(row.shape, "S32")
    made_day, made_at, made_by = day[:, 1], entered[:, 1] + MINUTE, by[:, 1]

    reasons = ep.reasons[e]
    matters = np.array([p for p, _ in phrases.WHAT_MATTERS])[
        _ranked(rng, _tagged_weights(phrases.WHAT_MATTERS, reasons))[:, 0]
    ]
    second = _optional(rng, phrases.GENERAL_MATTERS, dist.SECOND_MATTERS_SHARE, n)
    texts = {
        "what_matters": np.char.strip(np.char.add(np.char.add(matters, " "), second)),
        "how_to_support": _optional(rng, phrases.HOW_TO_SUPPORT, dist.SECTION_SHARES["how_to_support"], n),
        "health_conditions": _optional(rng, phrases.HEALTH_CONDITIONS, dist.SECTION_SHARES["health_conditions"], n),
        "support": _optional(rng, phrases.SUPPORT, dist.SECTION_SHARES["support"], n),
        "self_support": _optional(rng, phrases.SELF_SUPPORT, dist.SECTION_SHARES["self_support"], n),
    }

    # Goals, added one after another straight after the plan; the most fitting first.
    goals = choice(rng, dist.GOALS_PER_PLAN, n) + 1
    order = _ranked(rng, _tagged_weights(phrases.GOALS, reasons))
    goal_plan = np.repeat(np.arange(n), goals)
    slot = np.arange(len(goal_plan)) - (np.cumsum(goals) - goals)[goal_plan]
    goal_text = np.array([p for p, _ in phrases.GOALS])[order[goal_plan, slot]]
    goal_at = made_at[goal_plan] + (1 + slot) * MINUTE
    changes = _goal_changes(ep, tl, e, goal_plan, slot, day, entered, by, happened[e], rng)

    reviews = _reviews(n, made_day, made_at, made_by, day, entered, by, rng)
    part_two_at, part_two_by, part_two = _part_two(
        e, made_day, outcomes, world.holder_ids[ep.pcn[e], ep.holder[e]], rng
    )
    return Plans(
        episode=e,
        made_at=made_at,
        made_by=made_by,
        texts=texts,
        goals=goals,
        goal_plan=goal_plan,
        goal_text=goal_text,
        goal_at=goal_at,
        **changes,
        **reviews,
        part_two_at=part_two_at,
        part_two_by=part_two_by,
        part_two=part_two,
    )


def _goal_changes(ep, tl, e, goal_plan, slot, day, entered, by, happened, rng) -> dict:
    """Each goal's progress: added (not started, or already in progress), then moved on at later follow-ups."""
    g = len(goal_plan)
    planned = tl.follow[e][goal_plan]  # follow-ups planned, happened or not
    so_far = happened[goal_plan]
    start = np.where(rng.random(g) < dist.GOAL_STARTS_IN_PROGRESS, IN_PROGRESS, NOT_STARTED)
    moves = (start == NOT_STARTED) & (planned >= 2) & (rng.random(g) < dist.GOAL_MOVES_TO_IN_PROGRESS)
    move_q = np.minimum(2 + (rng.random(g) < 0.4), planned)
    reasons = tl.discharge_reason[e][goal_plan]
    achieved_share = np.full(g, dist.GOAL_ACHIEVED_WHILE_OPEN)
    for reason, share in dist.GOAL_ACHIEVED.items():
        achieved_share[reasons == reason] = share
    u = rng.random(g)
    last_q = np.where(moves, move_q, 1)
    room = planned - last_q
    ends = np.select(
        [u < achieved_share, u < achieved_share + dist.GOAL_NO_LONGER_RELEVANT], [ACHIEVED, NO_LONGER_RELEVANT], -1
    )
    ends = np.where(room >= 1, ends, -1)
    v = rng.random(g)
    end_q = np.where(ends == ACHIEVED, planned - np.floor(v * v * room), last_q + 1 + np.floor(v * room)).astype(
        np.int64
    )
    before_end = np.where(moves | (start == IN_PROGRESS), IN_PROGRESS, NOT_STARTED)

    # Up to three changes a goal: added (q = 1), in progress, the end; only those whose contact has happened.
    goal = np.concatenate([np.arange(g)] * 3)
    at_q = np.concatenate([np.ones(g, dtype=np.int64), move_q, end_q])
    to = np.concatenate([start, np.full(g, IN_PROGRESS), ends])
    was = np.concatenate([np.full(g, -1), np.full(g, NOT_STARTED), before_end])
    real = np.concatenate([np.ones(g, dtype=bool), moves, ends >= 0]) & (at_q <= np.tile(so_far, 3))
    goal, at_q, to, was = goal[real], at_q[real], to[real], was[real]
    order = np.lexsort((at_q, goal))
    goal, at_q, to, was = goal[order], at_q[order], to[order], was[order]
    p = goal_plan[goal]
    return {
        "change_goal": goal,
        "change_from": was,
        "change_to": to,
        "change_day": day[p, at_q],
        "change_at": entered[p, at_q] + (2 + slot[goal]) * MINUTE,
        "change_by": by[p, at_q],
    }


def _reviews(n, made_day, made_at, made_by, day, entered, by, rng) -> dict:
    """The review date agreed with the plan, then at each contact from `due_within_days` before it the review is
    (usually) held and the next date agreed."""
    plan = [np.arange(n)]
    on = [_weeks_later(rng, made_day)]
    note = [_optional(rng, phrases.REVIEW_NOTES, dist.SECTION_SHARES["review_note"], n)]
    at, who = [made_at], [made_by]
    current = on[0].copy()
    after_q = np.ones(n, dtype=np.int64)
    rows = np.arange(n)
    for _ in range(day.shape[1]):
        due = (day >= (current - REVIEW.due_within_days)[:, None]) & (np.arange(day.shape[1]) > after_q[:, None])
        due &= day < NEVER
        found = due.any(axis=1)
        if not found.any():
            break
        q = due.argmax(axis=1)
        held = found & (rng.random(n) < dist.REVIEW_HELD_SHARE)
        next_on = _weeks_later(rng, day[rows, q])
        texts = _optional(rng, phrases.REVIEWED_NOTES, 1.0, n)
        plan.append(rows[held])
        on.append(next_on[held])
        note.append(texts[held])
        at.append(entered[rows, q][held] + MINUTE)
        who.append(by[rows, q][held])
        current = np.where(held, next_on, current)
        after_q = np.where(found, q, day.shape[1])
    review_plan = np.concatenate(plan)
    at_all = np.concatenate(at)
    order = np.lexsort((at_all, review_plan))
    return {
        "review_plan": review_plan[order],
        "review_on": np.concatenate(on)[order],
        "review_note": np.concatenate(note)[order],
        "review_at": at_all[order],
        "review_by": np.concatenate(who)[order],
    }


def _part_two(e, made_day, outcomes: Outcomes, holder, rng) -> tuple[np.ndarray, np.ndarray, dict]:
    """Part two, answered at the six-month follow-up call by some people (about six months after the plan)."""
    n = len(e)
    when = outcomes.six_months_day[e]
    about_six_months = shift_months(made_day, PART_TWO.after_months or 6) - 31
    answered = (when != NULL) & (when >= about_six_months) & (rng.random(n) < dist.PART_TWO_SHARE)
    better = phrases.CHANGES_BETTER, phrases.CHANGES_NOT_BETTER
    picks = [np.array(group)[rng.integers(0, len(group), n)] for group in better]
    values = {"changes": np.where(outcomes.better[e], picks[0], picks[1])}
    for field, shares in dist.PART_TWO_ANSWERS.items():
        values[field] = np.array(ANSWERS)[choice(rng, shares, n)]
    at = np.where(answered, outcomes.six_months_at[e] + 3 * MINUTE, NULL)
    return at, holder, values
