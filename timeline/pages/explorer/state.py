"""The explorer's view state as its URL says it (no dash): filters, comparison and edited costs.

?needs=homelessness,offending&needs_exactly=1&age=25-34&gender=man&coordinated=yes
&compare=coordinated:no&costs=coventry-2024 (a saved cost table to start from)
&cost=custody:*:9000 (one `cost` per changed unit cost: kind, sector, pounds; on top of the saved
table, if any)&repeat=8 (repeat demand: people with 8 or more contacts with a sector in a month;
5 when not given). needs_exactly=1: people with exactly those needs and no other (a needs
combination); without it, people with those needs and perhaps others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import pandas as pd

from timeline.cohorts.drill import CHARTS, Selection
from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import AGE_BANDS, GENDERS
from timeline.cohorts.tables import NEEDS

COMPARE_NONE = ""
COMPARE_COHORT = "cohort:"  # + another cohort's name: the same filter over that cohort
COMPARE_CHOICES = {
    "coordinated:yes": "these people, with coordinated support only",
    "coordinated:no": "these people, without coordinated support only",
    "everyone": "everyone in this cohort (no filters)",
}
_YES_NO = {"yes": True, "no": False}
REPEAT_DEFAULT = 5  # contacts in a month: Coventry's repeat-demand threshold
REPEAT_RANGE = (2, 50)  # thresholds the page offers
MAX_TABLE_NAME = 200  # a longer `costs` value is cut here (no saved name is that long)


@dataclass(frozen=True)
class ExplorerState:
    """One explorer view: the filter, what to compare it with, and unit costs changed."""

    filter: CohortFilter = field(default_factory=CohortFilter)
    compare: str = COMPARE_NONE
    costs: tuple[tuple[str, str, float], ...] = ()  # (kind, sector, gbp) differing from defaults
    repeat: int = REPEAT_DEFAULT  # repeat demand: this many contacts in a month or more
    cost_table: str = ""  # a saved cost table's name (URL `costs`): the base `costs` edits

    def compared_filter(self) -> CohortFilter | None:
        """The second filter when comparing within the cohort (None otherwise)."""
        if self.compare == "everyone":
            return CohortFilter()
        if self.compare.startswith("coordinated:") and self.compare[12:] in _YES_NO:
            wanted = _YES_NO[self.compare[12:]]
            f = self.filter
            return CohortFilter(f.needs, f.age_bands, f.genders, wanted, f.needs_exactly)
        return None

    def compared_cohort(self) -> str | None:
        """The other cohort's name when comparing two cohorts (None otherwise)."""
        if self.compare.startswith(COMPARE_COHORT):
            return self.compare.removeprefix(COMPARE_COHORT) or None
        return None


def _split(values: list[str], allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v for item in values for v in item.split(",") if v in allowed)


def parse_explorer_query(search: str | None) -> ExplorerState:
    """The view a URL asks for; unknown values are dropped rather than refused."""
    query = parse_qs((search or "").lstrip("?"))
    needs = _split(query.get("needs", []), NEEDS)
    coordinated = _YES_NO.get((query.get("coordinated") or [""])[0])
    chosen = CohortFilter(
        needs or None,
        _split(query.get("age", []), AGE_BANDS),
        _split(query.get("gender", []), GENDERS),
        coordinated,
        (query.get("needs_exactly") or [""])[0] == "1",
    )
    costs = []
    for item in query.get("cost", []):
        kind, _, rest = item.partition(":")
        sector, _, gbp = rest.rpartition(":")
        try:
            costs.append((kind, sector, float(gbp)))
        except ValueError:
            continue
    repeat = repeat_threshold((query.get("repeat") or [""])[0])
    table = (query.get("costs") or [""])[0][:MAX_TABLE_NAME]
    return ExplorerState(chosen, (query.get("compare") or [""])[0], tuple(costs), repeat, table)


def repeat_threshold(value: object) -> int:
    """A repeat-demand threshold from a URL or the page: a whole number in REPEAT_RANGE, else
    the default (as other unknown values in a URL are dropped)."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    low, high = REPEAT_RANGE
    return int(text) if text.isdigit() and low <= int(text) <= high else REPEAT_DEFAULT


def explorer_query(state: ExplorerState) -> str:
    """The URL query of a view; defaults are left out, so the bare URL is the whole cohort."""
    f = state.filter
    parts: list[tuple[str, str]] = []
    if f.needs:
        parts.append(("needs", ",".join(n for n in NEEDS if n in f.needs)))
        if f.needs_exactly:
            parts.append(("needs_exactly", "1"))
    if f.age_bands:
        parts.append(("age", ",".join(b for b in AGE_BANDS if b in f.age_bands)))
    if f.genders:
        parts.append(("gender", ",".join(g for g in GENDERS if g in f.genders)))
    if f.coordinated is not None:
        parts.append(("coordinated", "yes" if f.coordinated else "no"))
    if state.compare:
        parts.append(("compare", state.compare))
    if state.cost_table:
        parts.append(("costs", state.cost_table))
    parts += [("cost", f"{kind}:{sector}:{gbp:g}") for kind, sector, gbp in state.costs]
    if state.repeat != REPEAT_DEFAULT:
        parts.append(("repeat", str(state.repeat)))
    return "?" + urlencode(parts, safe=",:*") if parts else ""


def person_query(chosen: CohortFilter, mark: Selection) -> str:
    """The query of a person link from a list: the list's filter and its mark, e.g.
    "?gender=woman&from=sector:Housing" (the person page checks the person is on it)."""
    query = explorer_query(ExplorerState(chosen))
    mark_part = urlencode([("from", f"{mark.chart}:{mark.key}")], safe=":|")
    return f"{query}&{mark_part}" if query else f"?{mark_part}"


def parse_person_query(search: str | None) -> tuple[CohortFilter, Selection | None]:
    """The list a person page's address names: its filter and mark (None when it names none)."""
    chart, _, key = ((parse_qs((search or "").lstrip("?")).get("from") or [""])[0]).partition(":")
    mark = Selection(chart, key) if chart in CHARTS and key else None
    return parse_explorer_query(search).filter, mark


def state_from_inputs(
    needs: list[str] | None,
    ages: list[str] | None,
    genders: list[str] | None,
    coordinated: str | None,
    compare: str | None,
    costs: tuple[tuple[str, str, float], ...] = (),
    repeat: object = REPEAT_DEFAULT,
    needs_exactly: bool = False,
    cost_table: str = "",
) -> ExplorerState:
    """The state the page's controls ask for (`needs_exactly`: only the ticked needs;
    `cost_table`: the saved cost table the unit costs start from)."""
    chosen = CohortFilter(
        frozenset(n for n in needs or () if n in NEEDS) or None,
        frozenset(a for a in ages or () if a in AGE_BANDS),
        frozenset(g for g in genders or () if g in GENDERS),
        _YES_NO.get(coordinated or ""),
        needs_exactly,
    )
    return ExplorerState(
        chosen, compare or COMPARE_NONE, costs, repeat_threshold(repeat), cost_table
    )


def apply_costs(defaults: pd.DataFrame, costs: tuple[tuple[str, str, float], ...]) -> pd.DataFrame:
    """The default unit-cost table with the state's changes on top (unknown rows ignored)."""
    table = defaults.copy()
    for kind, sector, gbp in costs:
        rows = (table["kind"] == kind) & (table["sector"] == sector)
        if rows.any() and 0 <= gbp <= 1_000_000:
            table.loc[rows, "gbp"] = gbp
    return table


def changed_costs(
    defaults: pd.DataFrame, table: pd.DataFrame
) -> tuple[tuple[str, str, float], ...]:
    """The rows of `table` whose cost differs from the defaults, for the URL."""
    differ = defaults["gbp"].to_numpy() != table["gbp"].to_numpy()
    rows = table[differ]
    return tuple(
        (str(k), str(s), float(g))
        for k, s, g in rows[["kind", "sector", "gbp"]].itertuples(index=False)
    )
