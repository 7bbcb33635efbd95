"""Named cost tables (on SQLite, and PostgreSQL when configured): saved once under a name, read
back by a fresh session from the page's URL, refused when the name is taken (also by two people
saving at once), bad names refused with a clear message, and who saved them recorded."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from tests.cohort_fixtures import make_cohort
from timeline import store
from timeline.access import AccessDeniedError, Role, Viewer
from timeline.cli import app as cli_app
from timeline.cost_tables import (
    CostTableNameError,
    check_table_name,
    find_cost_table,
    list_cost_tables,
    save_cost_table,
)
from timeline.pages.explorer.costs import save_from_inputs
from timeline.pages.explorer.exports import explore_from_inputs
from timeline.pages.explorer.state import explorer_query, parse_explorer_query
from timeline.pages.explorer.view import (
    CohortCatalog,
    build_explorer_view,
    chart_tables,
    default_unit_costs,
)
from timeline.service import Services, open_services
from timeline.store import CostTableExistsError, downgrade_database, upgrade_database

CONTROLS = (None, None, None, None, None)


def _as(services: Services, username: str, role: Role = Role.COMMISSIONER) -> Services:
    return services.for_viewers(lambda: Viewer(username, role))


def _catalog(services: Services) -> CohortCatalog:
    """The tiny cohort, with the services' saved cost tables, as a page would have them."""
    tiny = make_cohort()
    return CohortCatalog(
        lambda: [tiny.info],
        {"tiny": tiny}.get,
        cost_tables=lambda name: find_cost_table(services, name),
    )


def _edited(**changes: float) -> list[float]:
    """The page's unit-cost boxes: the defaults, with the rows of some kinds changed."""
    table = default_unit_costs()
    return [changes.get(kind, gbp) for kind, gbp in table[["kind", "gbp"]].itertuples(index=False)]


def _costs(values: list[float]) -> tuple[tuple[str, str, float], ...]:
    table = default_unit_costs()
    return tuple(
        (k, s, float(v))
        for (k, s), v in zip(table[["kind", "sector"]].to_numpy(), values, strict=True)
    )


def test_a_table_is_saved_with_who_and_when_and_read_back(services) -> None:
    before = dt.datetime.now(dt.UTC)
    saved = save_cost_table(_as(services, "alice"), "Coventry-2024 ", _costs(_edited(custody=9000)))
    assert saved.created and saved.table.name == "coventry-2024"
    assert saved.table.saved_by == "alice"
    assert before - dt.timedelta(seconds=5) <= saved.table.saved_at <= dt.datetime.now(dt.UTC)
    back = find_cost_table(services, "coventry-2024")
    assert back == saved.table
    assert dict(((k, s), g) for k, s, g in back.costs)[("custody", "*")] == 9000
    assert [t.name for t in list_cost_tables(services)] == ["coventry-2024"]
    assert find_cost_table(services, "nowhere") is None


def test_a_taken_name_is_refused_and_the_first_table_kept(services) -> None:
    first = _costs(_edited(custody=9000))
    save_cost_table(_as(services, "alice"), "city", first)
    with pytest.raises(CostTableExistsError) as refused:
        save_cost_table(_as(services, "bob"), "city", _costs(_edited(custody=1)))
    assert refused.value.existing.saved_by == "alice"
    again = save_cost_table(_as(services, "bob"), "city", first)  # the very same costs
    assert not again.created and again.table.saved_by == "alice"
    assert find_cost_table(services, "city").costs == first


def test_two_people_saving_one_name_at_once_cannot_overwrite(services) -> None:
    """Alice's save is written but not yet committed when Bob saves the same name: Bob waits
    (SQLite: the write lock; PostgreSQL: the unique name) and is then refused."""
    alice_costs, bob_costs = _costs(_edited(custody=9000)), _costs(_edited(custody=100))
    outcome: list[object] = []

    def bob_saves() -> None:
        try:
            outcome.append(save_cost_table(_as(services, "bob"), "shared", bob_costs))
        except CostTableExistsError as refused:
            outcome.append(refused)

    with services.sessions.begin() as session:
        store.save_cost_table(session, "shared", alice_costs, saved_by="alice")
        bob = threading.Thread(target=bob_saves)
        bob.start()
        bob.join(timeout=1.5)
        assert bob.is_alive() and not outcome  # Bob cannot finish while Alice's save is open
    bob.join(timeout=30)
    (refused,) = outcome
    assert isinstance(refused, CostTableExistsError)
    assert refused.existing.saved_by == "alice" and refused.existing.costs == alice_costs
    assert find_cost_table(services, "shared").costs == alice_costs


@pytest.mark.parametrize(
    ("name", "says"),
    [
        pytest.param("", "Give the cost table a name", id="empty"),
        pytest.param("   ", "Give the cost table a name", id="blank"),
        pytest.param("x" * 61, "at most 60 characters", id="too-long"),
        pytest.param("my table", "only letters, digits, dashes", id="space"),
        pytest.param("<b>bold</b>", "only letters, digits, dashes", id="markup"),
        pytest.param("-dash-first", "starting with a letter or digit", id="dash-first"),
        pytest.param("café", "only letters, digits, dashes", id="accent"),
        pytest.param(None, "Give the cost table a name", id="none"),
    ],
)
def test_bad_names_are_refused_saying_what_to_fix(name, says: str) -> None:
    with pytest.raises(CostTableNameError, match=says):
        check_table_name(name)


def test_saving_needs_the_cohorts_permission(services) -> None:
    with pytest.raises(AccessDeniedError):
        save_cost_table(_as(services, "rita", Role.REVIEWER), "mine", _costs(_edited()))
    assert list_cost_tables(services) == []


def test_the_page_says_what_happened(services) -> None:
    catalog = _catalog(services)
    alice, bob = _as(services, "alice"), _as(services, "bob")
    defaults = default_unit_costs()
    message, name = save_from_inputs(alice, catalog.cost_table, defaults, "", _edited(), "")
    assert name is None and message.startswith("Not saved: Give the cost table a name")
    message, name = save_from_inputs(alice, catalog.cost_table, defaults, "a b", _edited(), "")
    assert name is None and "only letters, digits" in message
    bad = _edited()
    bad[0] = -5
    message, name = save_from_inputs(alice, catalog.cost_table, defaults, "ok", bad, "")
    assert name is None and "put right the unit costs" in message
    message, name = save_from_inputs(
        alice, catalog.cost_table, defaults, "city", _edited(custody=9000), ""
    )
    assert name == "city" and "Saved as 'city'" in message and "costs=city" in message
    message, name = save_from_inputs(
        bob, catalog.cost_table, defaults, "city", _edited(custody=10), ""
    )
    assert name is None and "already a cost table called 'city'" in message
    assert "saved by alice" in message and "choose another name" in message
    assert list_cost_tables(services)[0].costs == _costs(_edited(custody=9000))


def test_a_saved_tables_url_shows_the_same_costs_in_a_fresh_session(services) -> None:
    catalog = _catalog(services)
    edits = _edited(custody=9000, arrest=1234, tenancy=2000)
    _, name = save_from_inputs(
        _as(services, "alice"), catalog.cost_table, default_unit_costs(), "shared", edits, ""
    )
    view, problems = explore_from_inputs(catalog, "tiny", CONTROLS, edits, 5, cost_table=name)
    query = explorer_query(view.state)
    assert not problems and query == "?costs=shared"  # the edits are the saved table's own
    edited = chart_tables(view)
    fresh = open_services(services.settings)  # another process, another session
    try:
        again = build_explorer_view(_catalog(fresh), "tiny", parse_explorer_query(query), 5)
        assert again.cost_table is not None and again.cost_table.saved_by == "alice"
        assert again.series[0].costs.per_person_year == view.series[0].costs.per_person_year
        for table in ("costs-by-sector", "costs-by-needs"):
            assert chart_tables(again)[table].equals(edited[table])
        # a `cost` edit in the URL applies on top of the saved table
        more = build_explorer_view(
            _catalog(fresh), "tiny", parse_explorer_query(query + "&cost=arrest:*:1"), 5
        )
        rows = more.unit_costs.set_index(["kind", "sector"])["gbp"]
        assert rows[("arrest", "*")] == 1 and rows[("custody", "*")] == 9000
        assert set(more.cost_changes) == {
            ("custody", "*", 9000.0),
            ("arrest", "*", 1.0),
            ("tenancy", "*", 2000.0),
        }
        assert more.series[0].costs.total < view.series[0].costs.total
    finally:
        fresh.sessions.kw["bind"].dispose()


@pytest.mark.parametrize("name", ["nowhere", "Bad%20Name", "x" * 300])
def test_an_unknown_table_in_a_url_says_so_and_uses_the_defaults(services, name: str) -> None:
    view = build_explorer_view(
        _catalog(services), "tiny", parse_explorer_query(f"?costs={name}&compare=everyone"), 5
    )
    assert "There is no saved cost table called" in view.note
    assert view.cost_table is None
    assert view.unit_costs.equals(default_unit_costs())
    assert len(view.series) == 2  # the rest of the URL still applies


@pytest.mark.parametrize(
    "search",
    [
        pytest.param("?costs=city", id="table"),
        pytest.param("?costs=city&cost=custody:*:9000", id="table-and-edit"),
        pytest.param("?cost=custody:*:9000&cost=contact:Police:600", id="edits-only"),
    ],
)
def test_the_url_round_trips_the_table_and_its_edits(search: str) -> None:
    state = parse_explorer_query(search)
    assert explorer_query(state) == search
    assert parse_explorer_query(explorer_query(state)) == state


def test_resetting_the_costs_leaves_the_saved_table(services) -> None:
    catalog = _catalog(services)
    save_cost_table(_as(services, "alice"), "city", _costs(_edited(custody=9000)))
    view, _ = explore_from_inputs(
        catalog, "tiny", CONTROLS, _edited(custody=9000), 5, reset_costs=True, cost_table="city"
    )
    assert explorer_query(view.state) == "" and view.cost_table is None
    kept, _ = explore_from_inputs(
        catalog, "tiny", CONTROLS, _edited(custody=9000, arrest=7), 5, cost_table="city"
    )
    assert explorer_query(kept.state) == "?costs=city&cost=arrest:*:7"


def test_migration_0010_adds_and_removes_the_table(services) -> None:
    engine = services.sessions.kw["bind"]
    save_cost_table(services, "kept", _costs(_edited()))
    downgrade_database(engine, "0009")
    with pytest.raises(DBAPIError, match="cost_tables"):
        list_cost_tables(services)
    assert upgrade_database(engine)
    assert list_cost_tables(services) == []  # the table is new and empty again


def test_the_cli_lists_saved_tables(services) -> None:
    db = services.settings.database_url
    empty = CliRunner().invoke(cli_app, ["cost-tables", "--db", db])
    assert empty.exit_code == 0 and "No cost tables saved" in empty.output
    save_cost_table(_as(services, "alice"), "city", _costs(_edited(custody=9000)))
    listed = CliRunner().invoke(cli_app, ["cost-tables", "--db", db])
    assert listed.exit_code == 0
    assert "city  saved by alice at" in listed.output and "custody:*:9000" in listed.output
    rows = json.loads(CliRunner().invoke(cli_app, ["cost-tables", "--db", db, "--json"]).output)
    assert [(r["name"], r["saved_by"]) for r in rows] == [("city", "alice")]
    assert {"kind": "custody", "sector": "*", "gbp": 9000.0} in rows[0]["costs"]
