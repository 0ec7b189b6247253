"""What pages and the API show of measures: each response with its change from baseline, tables per
instrument for an episode, and the episode's schedule.

Works on responses already fetched (the person page prefetches them with `responses_prefetch()`), so an
episode's measures cost no queries of their own.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch

from linkwork.measures.definitions import LICENSED_SCORE, SERVICE_USE, SUMMED_SCALE, YES_NO, Definition, Item
from linkwork.measures.instruments import registry
from linkwork.measures.licences import LICENSED_PER_PCN, licensed_for_pcn_id
from linkwork.measures.models import MeasureResponse
from linkwork.measures.policy.offers import NO_LICENCE, offer_refusal
from linkwork.measures.policy.schedule import (
    DONE,
    DUE,
    MISSED,
    NOT_NEEDED,
    OVERDUE,
    UPCOMING,
    MeasureDue,
    episode_schedule,
    schedule,
)
from linkwork.measures.policy.scoring import IMPROVED, WORSE, can_be_baseline, change_from_baseline
from linkwork.plans.part_two import permission_answer
from linkwork.referrals import policy as episode_policy


def responses_prefetch() -> Prefetch:
    """Add to a Referral queryset so each episode's responses come in one query for all episodes."""
    return Prefetch("measure_responses", queryset=MeasureResponse.objects.order_by("taken_on", "created_at"))


@dataclass(frozen=True)
class ResponseView:
    response: MeasureResponse
    definition: Definition | None  # None if the definition file this response used has been removed
    is_baseline: bool = False
    change: dict[str, Any] | None = None


def with_changes(responses: Iterable[MeasureResponse]) -> list[ResponseView]:
    """Each response with its change from the baseline: the first comparable response of the same instrument
    in the same episode (for service use, the count before the referral)."""
    definitions = registry()
    ordered = sorted(responses, key=lambda r: (r.taken_on, r.created_at))
    baselines: dict[tuple[Any, str], MeasureResponse] = {}
    views = []
    for r in ordered:
        definition = definitions.get(r.instrument, r.instrument_version)
        group = (r.referral_id, r.instrument)
        baseline = baselines.get(group)
        if definition is None:
            views.append(ResponseView(r, None))
        elif baseline is None and can_be_baseline(definition, r.results):
            baselines[group] = r
            views.append(ResponseView(r, definition, is_baseline=True))
        else:
            change = change_from_baseline(definition, baseline.results, r.results) if baseline else None
            views.append(ResponseView(r, definition, change=change))
    return views


@dataclass(frozen=True)
class Cell:
    text: str
    note: str = ""


@dataclass
class Series:
    """One instrument's responses in an episode, as a table."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _change_note(change: float | None, direction: str | None, decimals: int | None = None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "no change from baseline"
    signed = f"{change:+.{decimals}f}" if decimals is not None else f"{change:+g}"
    words = {IMPROVED: ", better", WORSE: ", worse"}.get(direction or "", "")
    return f"{signed} from baseline{words}"


def _level_note(levels: int | None) -> str:
    if not levels:
        return ""
    return f"{'up' if levels > 0 else 'down'} {abs(levels)} level{'s' if abs(levels) != 1 else ''}"


def _item_cell(item: Item, result: dict[str, Any] | None, change: dict[str, Any] | None) -> Cell:
    value = (result or {}).get("value")
    if value is None:
        return Cell("Not recorded")
    if item.type == YES_NO:
        return Cell("Yes" if value else "No")
    text = str(value)
    extra = (result or {}).get("band_label") or (result or {}).get("answer_label") or item.options.get(value, "")
    if extra:
        text = f"{value} ({extra})"
    item_change = (change or {}).get("items", {}).get(item.id)
    return Cell(text, _change_note(item_change["change"], item_change["direction"]) if item_change else "")


def _row(view: ResponseView) -> tuple[list[str], list[Cell]]:
    """Column headings and cells for one response (headings depend only on the definition)."""
    r, d, change = view.response, view.definition, view.change
    taken = Cell(f"{r.taken_on.day} {r.taken_on:%B %Y}", "baseline" if view.is_baseline else "")
    if d is None:
        return ["Taken on", "Results"], [taken, Cell(str(r.results))]
    res = r.results
    if d.kind == SUMMED_SCALE:
        total = d.total
        assert total is not None
        columns, cells = ["Taken on", "Raw score"], [taken, Cell(str(res.get("raw", "")))]
        if total.conversion_name:
            columns.append(total.conversion_label)
            cells.append(Cell(f"{res.get(total.conversion_name, 0):.2f}"))
        columns.append("Change from baseline")
        if change:
            meaningful = change.get("meaningful")
            note = "" if meaningful is None else ("meaningful change" if meaningful else "not a meaningful change")
            cells.append(
                Cell(_change_note(change["change"], change["direction"], 2 if total.conversion else None), note)
            )
        else:
            cells.append(Cell("Baseline" if view.is_baseline else ""))
        return columns, cells
    if d.kind == LICENSED_SCORE:
        columns = ["Taken on", "Score", "Level", "Change from baseline"]
        if "score" not in res:
            return columns, [taken, Cell("Not suitable"), Cell(res.get("not_suitable_label", "")), Cell("")]
        note = f"licence {r.licence_reference}" if r.licence_reference else ""
        decimals = d.score.decimals if d.score else 1
        return columns, [
            taken,
            Cell(f"{res['score']:.{decimals}f}", note),
            Cell(res.get("level_label", ""), _level_note((change or {}).get("level_change"))),
            Cell(_change_note(change["change"], change["direction"], decimals) if change else ""),
        ]
    items = [i for i in d.items if i.id != "period"]
    results = res.get("items", {})
    columns = ["Taken on", *(i.label for i in items)]
    cells = [taken, *(_item_cell(i, results.get(i.id), change) for i in items)]
    if d.kind == SERVICE_USE:
        window_to = date.fromisoformat(res["window_to"]) - timedelta(days=1)
        window_from = date.fromisoformat(res["window_from"])
        period = d.item("period").options.get(res.get("period"), "")
        columns.insert(1, "Window")
        cells.insert(1, Cell(period, f"{window_from:%-d %b %Y} to {window_to:%-d %b %Y}"))
    return columns, cells


STATUS_TEXT = {
    DONE: "Done",
    UPCOMING: "Upcoming",
    DUE: "Due",
    OVERDUE: "Overdue",
    MISSED: "Missed",
    NOT_NEEDED: "Not needed",
}
STATUS_COLOUR = {DONE: "green", UPCOMING: "white", DUE: "yellow", OVERDUE: "red", MISSED: "grey", NOT_NEEDED: "grey"}


@dataclass(frozen=True)
class ScheduledView:
    measure: MeasureDue
    instrument_name: str

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.measure.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOUR[self.measure.status]

    @property
    def detail(self) -> str:
        m = self.measure
        last_day = m.overdue_from - timedelta(days=1)
        if m.status == DONE and m.taken_on:
            return f"taken {m.taken_on:%-d %B %Y}"
        if m.status == DUE:
            return f"due {m.due_on:%-d %B %Y}, overdue after {last_day:%-d %B %Y}"
        if m.status == OVERDUE:
            return f"was due {m.due_on:%-d %B %Y}; overdue since {m.overdue_from:%-d %B %Y}"
        if m.status == UPCOMING:
            return f"due {m.due_on:%-d %B %Y} (can be taken from {m.opens_on:%-d %B %Y})"
        if m.status == MISSED:
            return f"was due {m.due_on:%-d %B %Y}; not taken"
        return "the episode closed before it was due"


@dataclass(frozen=True)
class Offer:
    """An instrument and whether the episode may use it now (policy.offers)."""

    definition: Definition
    refusal: str | None = None

    @property
    def offered(self) -> bool:
        return self.refusal is None

    @property
    def why_not(self) -> str:
        if self.refusal is None:
            return ""
        if self.refusal == NO_LICENCE:
            return f"your PCN holds no {self.definition.short_name} licence"
        return "ask once part two of the person's care and support plan records that they are willing"


def offers_for(referral, licensed: frozenset[str] | None = None) -> list[Offer]:
    """Every current instrument with whether it is offered in the episode: PAM only under the PCN's licence, the
    satisfaction survey only after the person agreed in part two of their plan (plans.part_two; free with
    select_related("care_plan")). `licensed`: the PCN's licences if the caller knows them."""
    held = licensed_for_pcn_id(referral.pcn_id) if licensed is None else licensed
    offers = []
    for definition in registry().all_current():
        question = definition.needs_plan_agreement
        refusal = offer_refusal(
            definition.key,
            licensed_per_pcn=set(LICENSED_PER_PCN),
            licensed=held,
            needs_agreement=question,
            plan_answer=permission_answer(referral, question) if question else None,
        )
        offers.append(Offer(definition, refusal))
    return offers


@dataclass
class EpisodeMeasures:
    series: list[Series]
    scheduled: list[ScheduledView]
    instruments: list[Definition]  # those offered in the episode
    can_record_more: bool

    @property
    def outstanding(self) -> list[ScheduledView]:
        return [s for s in self.scheduled if s.measure.is_outstanding]


def episode_measures(referral, today: date) -> EpisodeMeasures:
    """An episode's measures from its prefetched responses (see responses_prefetch). PAM is scheduled only where the
    episode's PCN holds a PAM licence, and not once the person was found not suitable for it."""
    definitions = registry()
    responses = list(referral.measure_responses.all())
    # One table per instrument version: a later version may ask different items, so its columns differ.
    series: dict[tuple[str, int], Series] = {}
    for view in with_changes(responses):
        columns, cells = _row(view)
        r = view.response
        group = (r.instrument, r.instrument_version)
        if group not in series:
            current = definitions.current(r.instrument)
            title = view.definition.name if view.definition else r.instrument
            if current is None or current.version != r.instrument_version:
                title += f" (version {r.instrument_version})"
            series[group] = Series(key=r.instrument, title=title, columns=columns)
        series[group].rows.append(cells)
    order = {d.key: i for i, d in enumerate(definitions.all_current())}
    names = {d.key: d.short_name for d in definitions.all_current()}
    licensed = licensed_for_pcn_id(referral.pcn_id)
    plan = episode_schedule(
        schedule(),
        received_on=referral.received_on,
        accepted_on=referral.accepted_on,
        closed_on=referral.closed_on,
        taken=[(r.instrument, r.taken_on) for r in responses],
        today=today,
        licensed=licensed - not_suitable(responses),
    )
    return EpisodeMeasures(
        series=[series[g] for g in sorted(series, key=lambda g: (order.get(g[0], len(order)), g))],
        scheduled=[ScheduledView(m, names.get(m.instrument, m.instrument)) for m in plan],
        instruments=[offer.definition for offer in offers_for(referral, licensed) if offer.offered],
        can_record_more=referral.status != episode_policy.DECLINED_STATUS,
    )


def not_suitable(responses: Iterable[MeasureResponse]) -> frozenset[str]:
    """Instruments the person was found not suitable for in the episode (PAM): no longer scheduled for them."""
    return frozenset(r.instrument for r in responses if r.not_suitable_reason)
