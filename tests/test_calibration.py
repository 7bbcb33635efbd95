"""Calibration to figures.md's figures (timeline/cohorts/calibration.py): every figure holds on the
default configuration, and each measure gives the known answer on a tiny hand-made cohort."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from synthetic import generate_cohort
from tests.cohort_fixtures import make_cohort
from tests.test_cli import cli
from timeline.cohorts import calibration, calibration_cache
from timeline.cohorts.calibration import (
    COVENTRY_PEOPLE,
    MEASURES,
    Measured,
    calibrate_cohort,
    calibration_summary,
    cost_per_person_year,
    load_figures,
)
from timeline.cohorts.costs import load_unit_costs
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.tables import CYCLE_COLUMNS, PEOPLE_COLUMNS, Cohort, CohortInfo
from timeline.pages.explorer.calibration import COLUMNS, calibration_rows, format_value
from timeline.pages.explorer.page import build_explorer_page
from timeline.pages.explorer.state import ExplorerState
from timeline.pages.explorer.view import CohortCatalog, build_explorer_view
from timeline.service import open_services
from timeline.settings import Settings

# 5,000 people at any one time over the default five-year window is about 13,000 people and
# 25,000 person-years: the all-three share is taken over about 9,000 people with two or more of
# the three (standard error about 0.5 points against 4 and 5), the chronic shares over about 3,500
# shelter users (about 0.5 and 1.5 points against 4 and 10), the cost over about 250,000 events
# (well under 1% against 10%), and police callers per 6,601 are scaled up only 1.3 times.
# Generating it takes about two seconds.
DEFAULT_PEOPLE = 5000
DEFAULT_SEED = 42
YEAR_2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
AGENCIES = pd.DataFrame(
    {
        "agency": [0, 1, 2, 3],
        "name": ["Hostel (synthetic)", "Police (synthetic)", "Hospital (synthetic)", "Court"],
        "sector": ["Housing", "Police", "Health", "Justice"],
        "provider_type": ["voluntary", "public", "public", "public"],
    }
)


@pytest.fixture(scope="module")
def default_cohort() -> Cohort:
    return generate_cohort(DEFAULT_PEOPLE, DEFAULT_SEED, name="calibration")


@pytest.fixture(scope="module")
def default_rows(default_cohort) -> list[dict]:
    return calibrate_cohort(default_cohort)


def _people(needs: list[str], **columns: list) -> pd.DataFrame:
    size = len(needs)
    values = {
        "person": list(range(size)),
        "pseudonym": [f"Person {k:06d}" for k in range(size)],
        "age_band": ["25-34"] * size,
        "gender": ["man"] * size,
        "needs": needs,
        "coordinated_from": pd.to_datetime([None] * size).astype("datetime64[s]"),
        "area": [""] * size,
        "entered": pd.to_datetime([None] * size).astype("datetime64[s]"),
        "left": pd.to_datetime([None] * size).astype("datetime64[s]"),
        "left_because": [""] * size,
    } | columns
    wanted = list(PEOPLE_COLUMNS) + [c for c in columns if c not in PEOPLE_COLUMNS]
    return pd.DataFrame({c: values[c] for c in wanted})


def _cohort(needs: list[str], events: list[tuple], **columns: list) -> Cohort:
    """events: (person, agency, kind, start, end or None)."""
    table = pd.DataFrame(events, columns=["person", "agency", "kind", "start", "end"])
    table = table.sort_values(["person", "start"], kind="stable").reset_index(drop=True)
    table.insert(1, "event", table.groupby("person").cumcount().astype("int32"))
    table["start"] = pd.to_datetime(table["start"]).astype("datetime64[s]")
    table["end"] = pd.to_datetime(table["end"]).astype("datetime64[s]")
    people = _people(needs, **columns)
    info = CohortInfo(
        name="hand", seed=0, people=len(people), events=len(table), created=dt.datetime(2026, 1, 1)
    )
    return Cohort(info, people, AGENCIES, table, pd.DataFrame(columns=list(CYCLE_COLUMNS)))


def _measure(cohort: Cohort, measure: str, window=YEAR_2023, costs=None) -> float:  # noqa: ANN001
    m = Measured(cohort, load_unit_costs() if costs is None else costs, window)
    return MEASURES[measure](m)


def _calls(person: int, agency: int, days: list[str]) -> list[tuple]:
    return [(person, agency, "call_out", day, None) for day in days]


MARCH = [f"2023-03-{d:02d}" for d in range(1, 32, 3)]  # eleven days in March
NEEDS_CASES = [
    pytest.param(
        ["homelessness+substance_use+offending", "homelessness+substance_use"],
        "all_three_share",
        1 / 2,
        id="all-three-one-of-two-with-two-or-more",
    ),
    pytest.param(
        ["homelessness+substance_use+mental_health+offending", "mental_health+substance_use"],
        "all_three_share",
        1.0,
        id="mental-health-does-not-count-towards-the-three",
    ),
    pytest.param(
        [
            "homelessness+substance_use+mental_health+offending",
            "homelessness+substance_use+offending",
            "homelessness+mental_health",
        ],
        "mental_health_share",
        1 / 2,
        id="mental-health-among-those-with-all-three-only",
    ),
]


@pytest.mark.parametrize(("needs", "measure", "expected"), NEEDS_CASES)
def test_needs_shares_by_hand(needs, measure, expected) -> None:
    assert _measure(_cohort(needs, []), measure) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("column", "values", "measure", "expected"),
    [
        pytest.param("gender", ["man", "man", "woman", "unknown"], "men_share", 0.5, id="men"),
        pytest.param(
            "age_band", ["18-24", "25-34", "35-44", "65+"], "aged_25_44_share", 0.5, id="aged-25-44"
        ),
        pytest.param(
            "age_band", ["18-24", "25-34", "35-44", "65+"], "over_65_share", 0.25, id="over-65"
        ),
    ],
)
def test_demographic_shares_by_hand(column, values, measure, expected) -> None:
    cohort = _cohort(["homelessness+offending"] * 4, [], **{column: values})
    assert _measure(cohort, measure) == pytest.approx(expected)


def _police_cohort(**columns: list) -> Cohort:
    events = (
        _calls(0, 1, MARCH[:5])  # five in March
        + _calls(1, 1, MARCH[:10])  # ten in March
        + _calls(2, 1, ["2023-02-25", "2023-02-27", "2023-02-28", "2023-03-01", "2023-03-02"])
        + _calls(3, 2, MARCH)  # at a hospital: not police
    )
    return _cohort(["homelessness+offending"] * 4, events, **columns)


@pytest.mark.parametrize(
    ("at_least", "columns", "expected"),
    [
        pytest.param(5, {}, 2 * COVENTRY_PEOPLE / 4, id="five-plus-in-one-month-of-four-people"),
        pytest.param(10, {}, 1 * COVENTRY_PEOPLE / 4, id="ten-plus"),
        pytest.param(
            5,
            {
                "entered": pd.to_datetime(["2023-01-01"] * 4).astype("datetime64[s]"),
                "left": pd.to_datetime([None, None, None, "2023-02-10"]).astype("datetime64[s]"),
            },
            2 * COVENTRY_PEOPLE / 3,
            id="per-people-present-in-the-month",
        ),
    ],
)
def test_police_callers_by_hand(at_least, columns, expected) -> None:
    measure = {5: "police_callers_5", 10: "police_callers_10"}[at_least]
    assert _measure(_police_cohort(**columns), measure) == pytest.approx(expected)


COSTS = pd.DataFrame(
    [
        ("arrest", "Arrest", "*", 100.0, "test"),
        ("custody", "Custody", "*", 1000.0, "test"),
        ("call_out", "Call-out", "*", 10.0, "test"),
        ("call_out", "Call-out", "Police", 50.0, "test"),
    ],
    columns=["kind", "label", "sector", "gbp", "remarks"],
)
COST_EVENTS = [
    (0, 1, "arrest", "2023-02-01", None),
    (0, 3, "custody", "2023-02-02", "2023-05-01"),
    (1, 1, "arrest", "2023-06-01", None),
    (1, 1, "call_out", "2023-06-02", None),  # police: the sector's own figure
    (1, 2, "call_out", "2023-06-03", None),  # elsewhere: the any-sector figure
    (1, 1, "arrest", "2024-02-01", None),  # after the window: not counted
]


@pytest.mark.parametrize(
    ("columns", "years"),
    [
        pytest.param({}, 2 * 365 / 365.25, id="two-people-the-whole-year"),
        pytest.param(
            {
                "entered": pd.to_datetime(["2022-06-01", "2023-07-01"]).astype("datetime64[s]"),
                "left": pd.to_datetime([None, "2023-07-31"]).astype("datetime64[s]"),
            },
            (365 + 31) / 365.25,
            id="person-years-from-entered-and-left-clipped-to-the-window",
        ),
    ],
)
def test_cost_per_person_year_by_hand(columns, years) -> None:
    cohort = _cohort(["homelessness+offending"] * 2, COST_EVENTS, **columns)
    total = 100 + 1000 + 100 + 50 + 10
    assert cost_per_person_year(cohort, COSTS, YEAR_2023) == pytest.approx(total / years)


SHELTER_EVENTS = [
    (0, 0, "placement", "2023-01-01", "2023-07-20"),  # 200 nights
    (0, 0, "placement", "2023-07-30", "2023-12-31"),  # 10 days later: one spell of 364 days
    (1, 0, "placement", "2023-01-01", "2023-01-31"),  # 30 nights
    (2, 0, "placement", "2023-01-01", "2023-04-11"),  # 100 nights
    (2, 0, "placement", "2023-06-10", "2023-09-18"),  # 60 days later: a new spell
    (3, 0, "placement", "2022-06-01", "2023-12-31"),  # 364 nights inside the window only
    (4, 1, "arrest", "2023-03-01", None),  # no shelter stay: not a user
]
CHRONIC = [
    (0, 0, "placement", "2023-01-01", "2023-07-20"),  # 200 nights
    (0, 0, "placement", "2023-08-15", "2024-01-01"),  # 26 days later, 139 nights: 365 days
]


@pytest.mark.parametrize(
    ("events", "measure", "expected"),
    [
        pytest.param(SHELTER_EVENTS, "chronic_share", 0.0, id="no-spell-reaches-a-year"),
        pytest.param(
            [*SHELTER_EVENTS, (4, 0, "placement", "2023-01-01", "2023-04-01")],
            "chronic_share",
            0.0,
            id="a-short-stay-makes-a-user",
        ),
        pytest.param(
            CHRONIC + SHELTER_EVENTS[2:],
            "chronic_share",
            1 / 4,
            id="stays-under-30-days-apart-make-one-chronic-spell",
        ),
        pytest.param(
            CHRONIC + SHELTER_EVENTS[2:],
            "chronic_days_share",
            (200 + 139) / (200 + 139 + 30 + 100 + 100 + 364),
            id="chronic-users-share-of-nights",
        ),
    ],
)
def test_chronic_homelessness_by_hand(events, measure, expected) -> None:
    cohort = _cohort(["homelessness+substance_use"] * 5, events)
    assert _measure(cohort, measure, window=(dt.date(2023, 1, 1), dt.date(2024, 1, 1))) == (
        pytest.approx(expected)
    )


def test_the_window_comes_from_the_cohort_when_it_records_one() -> None:
    cohort = _police_cohort()
    if "window_from" not in {f.name for f in dataclasses.fields(CohortInfo)}:
        pytest.skip("cohorts do not record a window yet")
    info = dataclasses.replace(
        cohort.info, window_from=dt.date(2023, 3, 1), window_to=dt.date(2023, 3, 31)
    )
    measured = Measured(dataclasses.replace(cohort, info=info), load_unit_costs())
    assert measured.window == (np.datetime64("2023-03-01"), np.datetime64("2023-03-31"))
    assert measured.person_years == pytest.approx(4 * 31 / 365.25)


def test_every_figure_has_a_source_a_reason_and_a_known_measure() -> None:
    figures = load_figures()
    assert len({f.id for f in figures}) == len(figures) >= 11
    for figure in figures:
        assert figure.source.startswith("figures.md") and figure.reason
        assert figure.measure in MEASURES and figure.tolerance >= 0


def test_json_shape(default_cohort) -> None:
    summary = calibration_summary(default_cohort)
    assert set(summary) == {"calibration", "cost_per_person_year"}
    for row in summary["calibration"]:
        assert list(row) == ["figure", "target", "tolerance", "generated", "holds", "source"]
        assert isinstance(row["holds"], bool) and isinstance(row["generated"], float)
    cost = next(r for r in summary["calibration"] if r["figure"].startswith("Cost per person"))
    assert summary["cost_per_person_year"] == cost["generated"]


def test_every_figure_holds_on_the_default_configuration(default_rows) -> None:
    failed = [f"{r['figure']}: {r['generated']} against {r['target']}" for r in default_rows]
    failed = [text for text, r in zip(failed, default_rows, strict=True) if not r["holds"]]
    assert not failed, "\n".join(failed)


def _find(component, ident: str):  # noqa: ANN001, ANN202
    if getattr(component, "id", None) == ident:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = _find(child, ident)
            if found is not None:
                return found
    return None


def _texts(component) -> list[str]:  # noqa: ANN001
    children = getattr(component, "children", None)
    if isinstance(children, str):
        return [children]
    out: list[str] = []
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            out += [child] if isinstance(child, str) else _texts(child)
    return out


def test_the_explorer_shows_the_calibration_table_measured_once() -> None:
    tiny = make_cohort()
    loaded: list[str] = []
    catalog = CohortCatalog(lambda: [tiny.info], lambda name: loaded.append(name) or tiny)
    prepared = catalog.prepared("tiny")
    rows = calibration_rows(prepared)
    assert calibration_rows(catalog.prepared("tiny")) is rows  # cached with the prepared cohort
    page = build_explorer_page(build_explorer_view(catalog, "tiny", ExplorerState(), 5), [])
    table = _find(page, "explorer-calibration")
    assert table is not None
    head, body = table.children[1], table.children[2]
    assert [th.children for th in head.children.children] == list(COLUMNS)
    assert all(th.scope == "col" for th in head.children.children)
    assert len(body.children) == len(load_figures())
    first = _texts(body.children[0])
    assert first[0].startswith("Share with all three") and first[1] == "about 26%"
    assert first[2] == "± 4 points" and first[4] in {"yes", "no"}
    assert first[5].startswith("figures.md")
    assert loaded == ["tiny"]


@pytest.mark.parametrize(
    ("measure", "value", "text"),
    [
        pytest.param("all_three_share", 0.2814, "28.1%", id="share-to-a-tenth-of-a-point"),
        pytest.param("men_share", 0.5, "50%", id="whole-share"),
        pytest.param("mental_health_share", 0.55, "55%", id="whole-share-despite-float-error"),
        pytest.param("police_callers_5", 8.4, "8.4", id="callers"),
        pytest.param("police_callers_10", 12.0, "12", id="whole-callers"),
        pytest.param("cost_per_person_year", 19989.0, "£19,989", id="pounds"),
    ],
)
def test_calibration_values_as_text(measure, value, text) -> None:
    figure = next(f for f in load_figures() if f.measure == measure)
    assert format_value(figure, value) == text


def test_without_entered_and_left_everyone_counts_over_the_events_span() -> None:
    cohort = _cohort(["homelessness+offending"] * 2, COST_EVENTS[:5])
    closed = dataclasses.replace(cohort, people=cohort.people.drop(columns=["entered", "left"]))
    measured = Measured(closed, COSTS)
    assert measured.window == (np.datetime64("2023-02-01"), np.datetime64("2023-06-02"))
    assert measured.person_years == pytest.approx(2 * 122 / 365.25)


def test_cohort_summary_shows_the_calibration(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'calibration.db'}"
    made = cli("synth", "--people", "300", "--seed", "42", "--name", "demo", db=db)
    assert made.returncode == 0, made.stderr
    shown = cli("cohort-summary", "demo", "--json", db=db)
    assert shown.returncode == 0, shown.stderr
    summary = json.loads(shown.stdout)
    rows = summary["calibration"]
    assert [row["figure"] for row in rows] == [f.figure for f in load_figures()]
    assert all(
        list(row) == ["figure", "target", "tolerance", "generated", "holds", "source"]
        for row in rows
    )
    assert summary["cost_per_person_year"] > 0
    text = cli("cohort-summary", "demo", db=db)
    assert "published figures hold" in text.stdout and "per person-year" in text.stdout
    assert (tmp_path / "cohorts" / "demo" / calibration_cache.FILE).exists()
    again = cli("cohort-summary", "demo", "--json", db=db)  # read from beside the files
    assert json.loads(again.stdout) == summary


def test_the_calibration_is_measured_once_and_kept_with_the_cohorts_files(
    tmp_path, monkeypatch
) -> None:
    services = open_services(
        Settings(database_url=f"sqlite:///{tmp_path / 't.db'}", load_demo=False)
    )
    services.save_cohort(detect_cycles(generate_cohort(150, 42, name="kept")))
    measured: list[str] = []
    measure = calibration.measure_calibration
    monkeypatch.setattr(
        calibration, "measure_calibration", lambda c: measured.append(c.info.name) or measure(c)
    )
    first = calibration_summary(services.load_cohort("kept"))
    assert measured == ["kept"]
    assert (tmp_path / "cohorts" / "kept" / calibration_cache.FILE).exists()
    opened_again = services.load_cohort("kept")  # another object, as a second process has
    assert calibration_summary(opened_again) == first
    assert calibrate_cohort(opened_again) == first["calibration"]  # the explorer's table
    assert measured == ["kept"]  # read, not measured again
    assert first == measure(opened_again)  # what was kept is what is measured
    calibrate_cohort(opened_again, unit_costs=load_unit_costs())  # other inputs: not cached
    assert measured == ["kept"]
    monkeypatch.setattr(calibration_cache, "FORMAT", calibration_cache.FORMAT + 1)
    assert calibration_summary(opened_again) == first
    assert measured == ["kept", "kept"]  # another format: measured again, then kept
    assert calibration_summary(services.load_cohort("kept")) == first
    assert measured == ["kept", "kept"]
    smaller = detect_cycles(generate_cohort(60, 42, name="kept"))
    services.save_cohort(smaller, replace=True)  # a new cohort of the name: a new folder
    assert calibration_summary(services.load_cohort("kept")) == measure(smaller)
    assert measured == ["kept", "kept", "kept"]


def test_the_explorer_headline_cost_agrees_with_the_calibration_figure(default_cohort) -> None:
    """The explorer's 'cost per person-year' counts each person's years in the group, as the
    calibration figure does (not everyone over the whole window)."""
    from timeline.cohorts.costs import cost_cohort
    from timeline.cohorts.explore import CohortFilter, summarise_cohort
    from timeline.cohorts.prepared import compute_prepared

    prepared = compute_prepared(default_cohort)
    shown = cost_cohort(prepared, summarise_cohort(prepared, CohortFilter()), load_unit_costs())
    figure = calibration_summary(default_cohort)["cost_per_person_year"]
    assert shown.per_person_year == pytest.approx(figure, rel=0.01)
    assert 17_000 < shown.per_person_year < 21_000
