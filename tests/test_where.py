"""Where people live: the ward tile map, its bars, table, CSV and sentence, on a generated cohort
(the generator's own wards) and on hand-made ones (wards it did not make; no wards at all)."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from synthetic import generate_cohort
from synthetic.config import load_config
from synthetic.generate import people_at_any_one_time
from synthetic.wards import make_wards
from tests.cohort_fixtures import make_cohort
from timeline.cohorts.drill import Selection, select_behind
from timeline.cohorts.explore import CohortFilter
from timeline.cohorts.prepared import compute_prepared
from timeline.cohorts.tables import Cohort
from timeline.cohorts.wards import TABLE_COLUMNS, ward_plan, ward_table
from timeline.figures.tilemap import WITHHELD_FILL, hex_spiral, tile_centres
from timeline.pages.explorer.exports import export_table_csv, selection_from_click
from timeline.pages.explorer.page import build_results
from timeline.pages.explorer.state import ExplorerState, parse_explorer_query
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_figures,
    build_explorer_view,
    chart_tables,
)
from timeline.pages.explorer.where import (
    NO_AREAS,
    suppress_where_table,
    where_bar_figures,
    where_figures,
    where_sentence,
)

THRESHOLD = 5
ABUSE = CohortFilter(needs=frozenset({"domestic_abuse"}))


@pytest.fixture(scope="module")
def city() -> Cohort:
    return generate_cohort(300, 11, name="city")


@pytest.fixture(scope="module")
def prepared(city):
    return compute_prepared(city)


def _with_areas(cohort: Cohort, areas: list[str]) -> Cohort:
    people = cohort.people.copy()
    people["area"] = areas
    return dataclasses.replace(cohort, people=people)


def test_tiles_spiral_out_from_the_centre_in_rings() -> None:
    cells = hex_spiral(19)
    assert cells[0] == (0, 0) and len(set(cells)) == 19

    def ring(q: int, r: int) -> int:
        return max(abs(q), abs(r), abs(q + r))

    assert [ring(*c) for c in cells] == [0] + [1] * 6 + [2] * 12
    centres = tile_centres(19)
    gaps = {round(float(np.hypot(x, y)), 6) for x, y in centres[1:7]}
    assert len(gaps) == 1  # the first ring's tiles touch the centre tile, all equally far


def test_the_wards_are_the_generators_centre_first_with_illustrative_adults(city, prepared) -> None:
    config = load_config()
    made = make_wards(config, city.info.seed, config.areas.wards.count.value)
    plan = ward_plan(prepared)
    assert plan.names == made.names and plan.centre == config.areas.wards.centre.value
    at_once = people_at_any_one_time(city.info.people, city.info.window_from, city.info.window_to)
    city_adults = at_once * 1000 / config.areas.wards.per_1000_adults.value
    assert plan.adults.sum() == pytest.approx(city_adults)
    assert plan.adults / plan.adults.sum() == pytest.approx(made.weights)
    by_person = city.people.set_index("person")["area"]
    assert [plan.names[w] for w in plan.person_ward[by_person.index]] == list(by_person)
    assert f"{at_once:,} people at any one time" in plan.basis


@pytest.mark.parametrize("chosen", [CohortFilter(), ABUSE], ids=["everyone", "domestic-abuse"])
def test_the_table_counts_the_people_and_their_contacts_in_each_ward(
    city, prepared, chosen
) -> None:
    table = ward_table(prepared, chosen)
    assert list(table.columns) == list(TABLE_COLUMNS)
    people = city.people
    if chosen.needs:
        people = people[people["needs"].str.contains("domestic_abuse")]
    events = city.events.groupby("person").size()
    expected_people = people.groupby("area").size()
    expected_contacts = people.assign(n=people["person"].map(events).fillna(0)).groupby("area")["n"]
    got = table.set_index("ward")
    assert (got["people"] == expected_people.reindex(got.index, fill_value=0)).all()
    assert (got["contacts"] == expected_contacts.sum().reindex(got.index, fill_value=0)).all()
    rate = 1000 * got["people"] / got["adults"]
    assert got["per_1000_adults"].to_numpy() == pytest.approx(rate.to_numpy(), abs=0.01)
    assert list(got.index[got["city_centre"]]) == list(ward_plan(prepared).names[:3])


def test_a_click_on_a_ward_lists_its_people(city, prepared) -> None:
    ward = ward_plan(prepared).names[0]
    for chart in ("where", "where-bars"):
        click = {"points": [{"customdata": [ward, ward, "12"], "curveNumber": 0}]}
        assert selection_from_click(click, {"chart": chart, "side": 1}) == (
            Selection("ward", ward),
            1,
        )
    behind = select_behind(prepared, ABUSE, Selection("ward", ward))
    row = ward_table(prepared, ABUSE).set_index("ward").loc[ward]
    assert len(behind) == row["people"]
    assert set(city.people.set_index("person").loc[behind, "area"]) == {ward}
    assert len(select_behind(prepared, ABUSE, Selection("ward", "Atlantis"))) == 0
    assert Selection("ward", ward).describe() == f"people living in {ward}"


def test_small_wards_show_no_count_and_their_rates_are_withheld(prepared) -> None:
    table = ward_table(prepared, ABUSE)
    threshold = int(table["people"].median()) + 1  # so that some wards are small, not all
    small = table["people"].between(1, threshold - 1)
    assert small.any() and (table["people"] >= threshold).any()
    shown = suppress_where_table(table, threshold)
    assert (shown.loc[small, "people"] == f"<{threshold}").all()
    for column in ("contacts", "per_1000_adults", "contacts_per_person"):
        assert (shown.loc[small, column] == "withheld").all(), column
    big = ~small & (table["people"] > 0)
    assert (shown.loc[big, "per_1000_adults"] == table.loc[big, "per_1000_adults"]).all()
    (figure,) = map(go.Figure, where_figures((("city", prepared, ABUSE),), threshold))
    shapes = figure.layout.shapes
    assert [s.fillcolor == WITHHELD_FILL for s in shapes] == list(small)
    hover = figure.data[0]
    for data, hidden in zip(hover.customdata, small, strict=True):
        assert (data[3] == "withheld") == hidden
        assert not hidden or data[2] == f"<{threshold}"
    sentence = where_sentence(prepared, table, threshold)
    assert f"{int(small.sum())} of {len(table)} wards have fewer than {threshold}" in sentence


def test_the_map_and_bars_are_valid_figures_on_one_colour_scale(prepared) -> None:
    sides = (("everyone", prepared, CohortFilter()), ("abuse", prepared, ABUSE))
    maps = [go.Figure(f) for f in where_figures(sides, THRESHOLD)]  # valid plain dicts
    bars = [go.Figure(f) for f in where_bar_figures(sides, THRESHOLD)]
    wards = ward_plan(prepared).names
    assert [len(m.layout.shapes) for m in maps] == [len(wards)] * 2
    scales = [m.data[0].marker for m in maps]
    assert scales[0].cmax == scales[1].cmax > 0 and scales[0].showscale
    table = ward_table(prepared)
    assert scales[0].cmax == pytest.approx(table["per_1000_adults"].max())
    labels = maps[0].data[1].text
    assert all(name.split()[0] in label for name, label in zip(wards, labels, strict=True))
    first = bars[0].data[0]
    assert first.orientation == "h" and len(first.y) == len(wards)
    assert list(first.x) == sorted(first.x, reverse=True)  # highest rate first


def test_a_cohort_stored_before_wards_says_there_are_no_areas(city) -> None:
    old = compute_prepared(_with_areas(city, [""] * len(city.people)))
    table = ward_table(old)
    assert table.empty and list(table.columns) == list(TABLE_COLUMNS)
    assert where_sentence(old, table, THRESHOLD) == NO_AREAS
    (figure,) = map(go.Figure, where_figures((("old", old, CohortFilter()),), THRESHOLD))
    assert figure.layout.annotations[0].text == NO_AREAS and not figure.data


def test_wards_the_generator_did_not_make_are_sized_by_their_people(city) -> None:
    areas = ["Nowhere Ward"] * 200 + ["Elsewhere"] * (len(city.people) - 200)
    other = compute_prepared(_with_areas(city, areas))
    plan = ward_plan(other)
    assert len(city.people) > 400  # so Elsewhere has the more people, and comes first
    assert plan.names == ("Elsewhere", "Nowhere Ward") and plan.centre == 0
    assert "in proportion to the cohort's people" in plan.basis
    table = ward_table(other)
    rates = table["per_1000_adults"]  # everyone counted: the same rate everywhere
    assert rates.max() - rates.min() < 0.1


def test_the_explorer_shows_the_section_with_its_sentence_bars_and_csv() -> None:
    tiny = make_cohort()
    catalog = CohortCatalog(lambda: [tiny.info], {"tiny": tiny}.get)
    view = build_explorer_view(catalog, "tiny", parse_explorer_query("?compare=everyone"), 5)
    assert len(build_explorer_figures(view)["where"]) == 2
    page = str(build_results(view, drawn={"where"}))  # as when scrolled to
    assert "Where: people and contacts by ward" in page
    assert "explorer-sentence-where" in page and "The wards as bars" in page
    text, name = export_table_csv(view, "where")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert name == "tiny-where.csv" and set(frame["ward"]) == {"Foxhollow", "Mill End"}
    assert set(frame["people"]) == {"6"}  # six people in each ward, at threshold 5
    assert len(chart_tables(view)["where"]) == 4  # two wards, two sides
    high = build_explorer_view(catalog, "tiny", ExplorerState(), 10)
    text, _ = export_table_csv(high, "where")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert set(frame["people"]) == {"<10"} and set(frame["per_1000_adults"]) == {"withheld"}
