"""Cohort tables in Parquet files beside the database: what is written, byte for byte, how a
missing, stale or half-written folder is handled, and the explorer's cached arrays."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from synthetic import generate_cohort
from synthetic.generate import generate_cohort_chunks
from timeline.cohorts.detect import detect_cycles
from timeline.cohorts.prepared import compute_prepared, prepare_cohort
from timeline.cohorts.stream import detect_in_parts
from timeline.cohorts.tables import PEOPLE_COLUMNS
from timeline.service import open_services
from timeline.settings import Settings
from timeline.store import CohortExistsError, CohortNotFoundError, cohort_files, save_cohort
from timeline.store.cohort_files import TABLES, swap_in, write_cohort_files
from timeline.store.cohort_storage import CohortFilesMissingError


@pytest.fixture(scope="module")
def cohort():
    return detect_cycles(generate_cohort(80, 5, name="city"))


def _open(folder: Path, **settings):
    return open_services(
        Settings(database_url=f"sqlite:///{folder / 'touchpoints.db'}", load_demo=False, **settings)
    )


def _same(a, b) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(
            getattr(a, name).reset_index(drop=True),
            getattr(b, name).reset_index(drop=True),
            check_dtype=False,
            check_categorical=False,
        )


def test_tables_are_parquet_files_beside_the_database(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    folder = tmp_path / "cohorts" / "city"
    assert sorted(p.name for p in folder.glob("*.parquet")) == sorted(
        f"{t}.parquet" for t in TABLES
    )
    people = pd.read_parquet(folder / "people.parquet")  # what an analyst's tool sees
    assert tuple(people.columns) == PEOPLE_COLUMNS and len(people) == len(cohort.people)
    events = pq.read_table(folder / "events.parquet")
    assert events.num_rows == len(cohort.events)
    assert str(events.schema.field("start").type) == "date32[day]"
    _same(cohort, services.load_cohort("city"))
    assert not [p for p in (tmp_path / "cohorts").iterdir() if p.name.startswith(".")]


def test_the_same_seed_gives_the_same_files_byte_for_byte(tmp_path) -> None:
    made = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        _open(tmp_path / run).save_cohort(detect_cycles(generate_cohort(60, 9, name="same")))
        made.append(tmp_path / run / "cohorts" / "same")
    for table in TABLES:
        first = (made[0] / f"{table}.parquet").read_bytes()
        assert first == (made[1] / f"{table}.parquet").read_bytes(), table


def test_the_cohort_dir_setting_puts_the_files_elsewhere(tmp_path, cohort) -> None:
    services = _open(tmp_path, cohort_dir=tmp_path / "elsewhere")
    services.save_cohort(cohort)
    assert (tmp_path / "elsewhere" / "city" / "events.parquet").exists()
    assert not (tmp_path / "cohorts").exists()


def test_files_of_a_cohort_stored_as_rows_are_rebuilt_from_the_database(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    with services.sessions.begin() as session:  # stored before the files existed
        save_cohort(session, cohort)
    assert not (tmp_path / "cohorts" / "city").exists()
    _same(cohort, services.load_cohort("city"))
    assert (tmp_path / "cohorts" / "city" / "events.parquet").exists()
    _same(cohort, services.load_cohort("city"))  # now from the files


def test_missing_files_of_a_catalogue_only_cohort_say_how_to_make_it_again(
    tmp_path, cohort
) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    (tmp_path / "cohorts" / "city" / "events.parquet").unlink()
    with pytest.raises(CohortFilesMissingError, match="synth --seed 5 --name city --replace"):
        services.load_cohort("city")


def test_stale_files_are_never_read_as_another_cohort(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    other = detect_cycles(generate_cohort(20, 6, name="city"))  # same name, other tables
    swap_in(write_cohort_files(tmp_path / "cohorts", other), tmp_path / "cohorts" / "city")
    with pytest.raises(CohortFilesMissingError):
        services.load_cohort("city")


def test_a_failed_replace_keeps_the_old_files_and_leaves_nothing_half_written(
    tmp_path, cohort
) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    before = {t: (tmp_path / "cohorts" / "city" / f"{t}.parquet").read_bytes() for t in TABLES}
    with pytest.raises(CohortExistsError):
        services.save_cohort(cohort)
    repeated = pd.concat([cohort.events, cohort.events.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="same person and event"):
        services.save_cohort(dataclasses.replace(cohort, events=repeated), replace=True)
    after = {t: (tmp_path / "cohorts" / "city" / f"{t}.parquet").read_bytes() for t in TABLES}
    assert before == after
    assert sorted(p.name for p in (tmp_path / "cohorts").iterdir()) == ["city"]
    smaller = detect_cycles(generate_cohort(10, 5, name="city"))
    services.save_cohort(smaller, replace=True)
    _same(smaller, services.load_cohort("city"))
    assert sorted(p.name for p in (tmp_path / "cohorts").iterdir()) == ["city"]


def test_a_folder_finished_before_a_crash_is_swapped_in(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    smaller = detect_cycles(generate_cohort(10, 5, name="city"))
    work = write_cohort_files(tmp_path / "cohorts", smaller)  # files done, then the catalogue:
    with services.sessions.begin() as session:
        save_cohort(session, smaller, replace=True, rows=False)
    assert work.exists()  # ...and the process stopped before the swap
    _same(smaller, services.load_cohort("city"))
    assert not work.exists()


def test_delete_removes_the_folder(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    services.delete_cohort("city")
    assert not (tmp_path / "cohorts" / "city").exists()
    with pytest.raises(CohortNotFoundError):
        services.load_cohort("city")


def test_an_odd_name_gets_a_safe_folder(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(
        dataclasses.replace(cohort, info=dataclasses.replace(cohort.info, name="../x y"))
    )
    assert not (tmp_path / "x y").exists()
    assert [p.name.startswith("cohort-") for p in (tmp_path / "cohorts").iterdir()] == [True]
    assert len(services.load_cohort("../x y").events) == len(cohort.events)


def test_the_explorers_arrays_are_cached_with_the_files(tmp_path, cohort) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    assert (tmp_path / "cohorts" / "city" / "prepared" / "meta.json").exists()
    opened = services.load_cohort("city")
    cached, computed = prepare_cohort(opened), compute_prepared(opened)
    for field in dataclasses.fields(computed):
        value = getattr(computed, field.name)
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, getattr(cached, field.name)), field.name
        elif field.name not in ("cohort", "events"):
            assert value == getattr(cached, field.name), field.name
    assert cached.events is opened.events


def test_a_cohort_stored_in_parts_has_the_same_files_as_one_stored_whole(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(cohort_files, "ROW_GROUP", 1000)  # row groups cut across the parts
    (tmp_path / "whole").mkdir()
    (tmp_path / "parts").mkdir()
    _open(tmp_path / "whole").save_cohort(detect_cycles(generate_cohort(200, 3, name="p")))
    total, parts = generate_cohort_chunks(200, 3, name="p", chunk=150)
    done: list[int] = []
    info = _open(tmp_path / "parts").save_cohort(detect_in_parts(parts), progress=done.append)
    assert done == [*range(150, total, 150), total] and info.people == total
    for table in TABLES:
        whole = (tmp_path / "whole" / "cohorts" / "p" / f"{table}.parquet").read_bytes()
        assert whole == (tmp_path / "parts" / "cohorts" / "p" / f"{table}.parquet").read_bytes()
    assert (
        pq.ParquetFile(tmp_path / "parts" / "cohorts" / "p" / "events.parquet").num_row_groups > 1
    )
