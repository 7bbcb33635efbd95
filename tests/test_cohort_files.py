"""Cohort tables in Parquet files beside the database: what is written, byte for byte, how a
missing, stale or half-written folder is handled, and the explorer's cached arrays."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
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
from timeline.store import (
    CohortExistsError,
    CohortNotFoundError,
    cohort_files,
    cohort_rebuild,
    save_cohort,
)
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


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.*"))}


def _hidden(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and "lock" not in p.name)


@pytest.mark.parametrize(
    "lose",
    [
        pytest.param(lambda folder: shutil.rmtree(folder), id="the-whole-folder"),
        pytest.param(lambda folder: (folder / "events.parquet").unlink(), id="one-table"),
        pytest.param(lambda folder: (folder / "cohort.json").unlink(), id="the-stamp"),
    ],
)
def test_missing_files_are_made_again_from_the_seed_byte_for_byte(tmp_path, cohort, lose) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    folder = tmp_path / "cohorts" / "city"
    before = _files(folder)
    lose(folder)
    _same(cohort, services.load_cohort("city"))
    assert _files(folder) == before  # tables and stamp, byte for byte
    assert _hidden(tmp_path / "cohorts") == []
    assert services.list_cohorts()[0] == services.load_cohort("city").info


def _unreproducible(cohort, **info):
    return dataclasses.replace(cohort, info=dataclasses.replace(cohort.info, **info))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        pytest.param(
            lambda c: dataclasses.replace(c, events=c.events.iloc[:-1]),
            "generator now makes more events",
            id="tables-the-seed-does-not-give",
        ),
        pytest.param(
            lambda c: _unreproducible(c, provenance="imported"), "not made by `synth`", id="import"
        ),
        pytest.param(
            lambda c: _unreproducible(c, window_from=None, window_to=None),
            "before cohorts had a window",
            id="before-windows",
        ),
        pytest.param(
            lambda c: _unreproducible(c, modules=("crisis", "mine")),
            "other pathway modules",
            id="own-modules",
        ),
    ],
)
def test_missing_files_the_catalogue_cannot_make_again_say_what_to_run(
    tmp_path, cohort, change, why
) -> None:
    services = _open(tmp_path)
    services.save_cohort(change(cohort))
    shutil.rmtree(tmp_path / "cohorts" / "city")
    with pytest.raises(CohortFilesMissingError, match="cannot be made again") as raised:
        services.load_cohort("city")
    assert why in str(raised.value)
    assert "touchpoints synth" in str(raised.value) and "--seed 5 --name city" in str(raised.value)
    assert not (tmp_path / "cohorts" / "city").exists()
    assert _hidden(tmp_path / "cohorts") == []  # nothing half-written left behind


def test_two_threads_opening_a_missing_cohort_make_it_once(tmp_path, cohort, monkeypatch) -> None:
    services = _open(tmp_path)
    services.save_cohort(cohort)
    folder = tmp_path / "cohorts" / "city"
    before = _files(folder)
    shutil.rmtree(folder)
    made: list[int] = []
    regenerate = cohort_rebuild.regenerate_parts
    monkeypatch.setattr(
        cohort_rebuild, "regenerate_parts", lambda info: made.append(1) or regenerate(info)
    )
    start = threading.Barrier(2)

    def open_it():  # noqa: ANN202
        start.wait()
        return services.load_cohort("city")

    with ThreadPoolExecutor(2) as pool:
        opened = list(pool.map(lambda _: open_it(), range(2)))
    for each in opened:
        _same(cohort, each)
    assert made == [1]  # the second waited for the first, then read its folder
    assert _files(folder) == before
    assert _hidden(tmp_path / "cohorts") == []
    assert sorted(p.name for p in (tmp_path / "cohorts").iterdir() if p.is_dir()) == ["city"]


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
