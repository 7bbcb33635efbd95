"""An open cohort over a calendar window: steady demand, people entering and leaving, wards, area
presets, and the new people columns through the store and its migration (issue 13, items 1-2)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from synthetic import UnknownAreaError, area_people, generate_cohort
from synthetic.config import load_config
from tests.test_cli import run
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.summary import summarise_cohort
from timeline.pages.cohorts.page import build_cohorts_page
from timeline.store import downgrade_database, save_cohort, upgrade_database

AT_ANY_TIME = 3000
FROM, TO = pd.Timestamp("2020-01-01"), pd.Timestamp("2024-12-31")
MID_AGE = {"18-24": 21, "25-34": 29.5, "35-44": 39.5, "45-54": 49.5, "55-64": 59.5, "65+": 70}


@pytest.fixture(scope="module")
def cohort():
    return generate_cohort(AT_ANY_TIME, 13, name="window")


def _present_on(people: pd.DataFrame, day: pd.Timestamp) -> int:
    return int(
        ((people["entered"] <= day) & (people["left"].isna() | (people["left"] >= day))).sum()
    )


def test_no_event_falls_outside_the_window_or_the_persons_stay(cohort) -> None:
    events = cohort.events
    assert events["start"].min() >= FROM and events["start"].max() <= TO
    assert events["end"].max() <= TO
    stay = cohort.people.set_index("person").loc[events["person"]]
    assert (events["start"].to_numpy() >= stay["entered"].to_numpy()).all()
    left = stay["left"].fillna(TO).to_numpy()
    assert (events["start"].to_numpy() <= left).all()
    assert (events["end"].isna().to_numpy() | (events["end"].to_numpy() <= left)).all()
    truth = cohort.truth
    assert truth["start"].min() >= FROM and truth["end"].max() <= TO


def test_monthly_demand_is_steady_from_the_first_month_to_the_last(cohort) -> None:
    months = cohort.events["start"].dt.to_period("M").value_counts().sort_index()
    assert len(months) == 60
    counts = months.to_numpy()
    middle = counts[12:48].mean()
    # within 15% (observed: within 3%): no warm-up spike, no tail-off
    assert abs(counts[:6].mean() / middle - 1) <= 0.15
    assert abs(counts[-6:].mean() / middle - 1) <= 0.15
    assert counts.min() >= 0.75 * middle and counts.max() <= 1.25 * middle


def test_about_people_are_present_at_any_one_time(cohort) -> None:
    people = cohort.people
    for day in pd.date_range(FROM, TO, freq="QS"):
        assert abs(_present_on(people, day) / AT_ANY_TIME - 1) <= 0.1, day  # within 10%
    assert abs(summarise_cohort(cohort)["people_at_any_time"] / AT_ANY_TIME - 1) <= 0.05


def test_people_enter_steadily_and_some_were_already_in_the_group(cohort) -> None:
    people = cohort.people
    before = people["entered"] < FROM
    assert abs(before.sum() / AT_ANY_TIME - 1) <= 0.1  # those present on the first day
    assert (people.loc[before, "left"].isna() | (people.loc[before, "left"] > FROM)).all()
    per_year = people.loc[~before, "entered"].dt.year.value_counts().sort_index()
    assert list(per_year.index) == [2020, 2021, 2022, 2023, 2024]
    assert per_year.max() / per_year.min() <= 1.15


def test_leaving_reasons_and_deaths(cohort) -> None:
    people = cohort.people
    assert set(people["left_because"]) == {"", "moved on", "moved away", "died"}
    assert (people["left"].isna() == (people["left_because"] == "")).all()
    assert (people["left"].dropna() > people.loc[people["left"].notna(), "entered"]).all()
    # Nottingham: 7.3% of people present over about four years died within them (figures.md)
    end = pd.Timestamp("2023-12-31")
    present = (people["entered"] <= end) & (people["left"].isna() | (people["left"] >= FROM))
    died = (people["left_because"] == "died") & (people["left"] <= end)
    assert 0.06 <= died.sum() / present.sum() <= 0.09  # 7.3% within 1.3 points
    ages = people.loc[people["left_because"] == "died", "age_band"].map(MID_AGE)
    assert 41 <= ages.mean() <= 50  # mean age at death 45 (figures.md), from band midpoints
    assert ages.mean() > people["age_band"].map(MID_AGE).mean() + 4  # deaths skew older


def test_wards_are_invented_and_needs_vary_by_ward(cohort) -> None:
    people = cohort.people
    config = load_config()
    assert people["area"].nunique() == 18
    assert set(people["area"]) <= set(config.places.areas)
    homeless = people["needs"].str.contains("homelessness").groupby(people["area"]).mean()
    assert homeless.max() / homeless.min() > 1.3
    overall = people["needs"].str.contains("homelessness").mean()
    assert abs(overall - config.population.needs["homelessness"].prevalence) < 0.06


def test_same_seed_same_tables_and_person_k_stays_the_same() -> None:
    kwargs = {"name": "w", "window_from": dt.date(2021, 1, 1), "window_to": dt.date(2023, 6, 30)}
    one, two = generate_cohort(150, 4, **kwargs), generate_cohort(150, 4, **kwargs)
    for table in ("people", "agencies", "events", "truth"):
        pd.testing.assert_frame_equal(getattr(one, table), getattr(two, table))
    larger = generate_cohort(400, 4, **kwargs)
    everyone = len(one.people)
    for table in ("people", "events", "truth"):
        small, large = getattr(one, table), getattr(larger, table)
        pd.testing.assert_frame_equal(
            small.reset_index(drop=True),
            large[large["person"] < everyone].reset_index(drop=True),
        )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        pytest.param(dt.date(2024, 1, 1), dt.date(2023, 1, 1), "before it starts", id="backwards"),
        pytest.param(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "at least 365", id="too-short"),
    ],
)
def test_a_bad_window_is_refused(start, end, message) -> None:
    with pytest.raises(ValueError, match=message):
        generate_cohort(10, 1, name="x", window_from=start, window_to=end)


def test_area_presets_set_people_at_any_one_time() -> None:
    assert area_people("coventry") == 6601  # figures.md
    assert area_people("England") == 60000  # figures.md
    with pytest.raises(UnknownAreaError, match="known areas: coventry, england"):
        area_people("atlantis")
    england = generate_cohort(20, 2, name="e", area="england")
    assert england.info.area == "england" and england.people["area"].nunique() > 18


def test_synth_with_an_area_and_a_window(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    made = run(
        "synth", "--area", "coventry", "--people", "60", "--seed", "2", "--name", "cov",
        "--from", "2021-01-01", "--to", "2022-12-31", db=db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "stored cov: 60 at any one time" in made.stdout  # --people wins over the area's 6,601
    assert "from 2021-01-01 to 2022-12-31" in made.stdout
    shown = run("cohort-summary", "cov", db=db)
    assert "window: 2021-01-01 to 2022-12-31" in shown.stdout and "area coventry" in shown.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(("--area", "atlantis"), "known areas: coventry, england", id="unknown-area"),
        pytest.param((), "give --people N or --area NAME", id="no-size"),
        pytest.param(
            ("--people", "5", "--from", "2024-01-01", "--to", "2023-01-01"),
            "before it starts",
            id="backwards-window",
        ),
        pytest.param(("--people", "5", "--from", "2024-13-01"), "2024-13-01", id="not-a-date"),
    ],
)
def test_synth_refuses_bad_input_and_stores_nothing(tmp_path, arguments, message) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    refused = run("synth", "--seed", "1", "--name", "bad", *arguments, db=db)
    assert refused.returncode == 2 and message in refused.stderr, refused.stderr
    assert "no cohort called 'bad'" in run("cohort-summary", "bad", db=db).stderr


def test_new_people_columns_round_trip(services) -> None:
    cohort = detect_cycles(generate_cohort(40, 6, name="round", area="coventry"))
    services.save_cohort(cohort)
    back = services.load_cohort("round")
    pd.testing.assert_frame_equal(
        cohort.people.reset_index(drop=True), back.people.reset_index(drop=True), check_dtype=False
    )
    info = back.info
    assert (info.window_from, info.window_to, info.area) == (
        dt.date(2020, 1, 1),
        dt.date(2024, 12, 31),
        "coventry",
    )


def test_a_cohort_stored_before_windows_still_opens(services) -> None:
    cohort = detect_cycles(generate_cohort(30, 8, name="old"))
    with services.sessions.begin() as session:  # as stored then: rows only, no Parquet files
        save_cohort(session, cohort)
    engine = services.sessions.kw["bind"]
    downgrade_database(engine, "0006")  # the columns go, as if stored before migration 0007
    assert upgrade_database(engine)
    back = services.load_cohort("old")
    assert back.info.window_from is None and back.info.area == ""
    people = back.people
    assert (people["area"] == "").all() and (people["left_because"] == "").all()
    assert people["left"].isna().all()
    first = cohort.events.groupby("person")["start"].min()
    assert (people.set_index("person").loc[first.index, "entered"] == first).all()
    assert summarise_cohort(back)["people_at_any_time"] is None
    assert np.array_equal(back.events["start"].to_numpy(), cohort.events["start"].to_numpy())


def test_the_cohort_list_says_how_many_at_any_one_time_and_in_all() -> None:
    info = generate_cohort(120, 3, name="city").info
    page = str(build_cohorts_page([info], 5))
    assert f"120 at any one time ({info.people:,} in all)" in page
    assert info.people == 320  # 2.67 times, for the default five-year window
