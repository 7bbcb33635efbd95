"""Synthetic agency names and places: invented British places, one city, fitting agencies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from faker import Faker
from faker.providers.address.en_GB import Provider as AddressProvider
from faker.providers.person.en_GB import Provider as PersonProvider

from synthetic import ModuleError, generate_cohort
from synthetic.agencies import SYNTHETIC_MARK, agency_roles, cohort_city, make_agencies
from synthetic.config import CONFIG_DIR, load_config
from timeline.cohorts.tables import AGENCY_COLUMNS

SEEDS = range(12)
_PEOPLE_NAMES = {
    name
    for field in ("first_names", "first_names_male", "first_names_female", "last_names")
    for name in getattr(PersonProvider, field, ())
}


def _faker_style_town(text: str) -> str | None:
    """A word (or pair) made the way Faker en_GB makes towns: 'Port Joanport', 'Derektown'."""
    words = text.removesuffix(SYNTHETIC_MARK).split()
    for i, word in enumerate(words):
        for suffix in AddressProvider.city_suffixes:
            if word.endswith(suffix) and word[: -len(suffix)] in _PEOPLE_NAMES:
                return word
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in AddressProvider.city_prefixes and (
            following in _PEOPLE_NAMES or _faker_style_town(following)
        ):
            return f"{word} {following}"
    return None


@pytest.fixture(scope="module")
def config():
    return load_config()


@pytest.fixture(scope="module")
def cohort():
    return generate_cohort(3000, 23, name="names")


@pytest.fixture(scope="module")
def located(cohort, config) -> pd.DataFrame:
    """Events with their agency's role and name."""
    at = cohort.events["agency"].to_numpy()
    return pd.DataFrame(
        {
            "kind": cohort.events["kind"].astype(str).to_numpy(),
            "sector": cohort.agencies["sector"].to_numpy()[at],
            "role": np.array(agency_roles(config.agencies))[at],
            "name": cohort.agencies["name"].to_numpy()[at],
        }
    )


def test_the_check_recognises_faker_towns() -> None:
    fake = Faker("en_GB")
    fake.seed_instance(4)
    towns = [fake.city() for _ in range(200)]
    assert sum(_faker_style_town(t) is not None for t in towns) >= 190, towns


def test_no_name_or_place_is_a_faker_style_town(config) -> None:
    places = config.places
    for place in places.cities + places.areas:
        assert _faker_style_town(place) is None, place
    for seed in SEEDS:
        for name in make_agencies(config.agencies, places, seed)["name"]:
            assert _faker_style_town(name) is None, name


def test_a_cohort_is_set_in_one_city(config) -> None:
    cities = set()
    for seed in SEEDS:
        table = make_agencies(config.agencies, config.places, seed)
        city = cohort_city(config.places, seed)
        found = {
            c
            for c in config.places.cities
            if table["name"].str.contains(rf"\b{re.escape(c)}\b").any()
        }
        assert found == {city}
        patterns = [n.pattern for s in config.agencies.sectors.values() for n in s.patterns]
        for name, pattern in zip(table["name"], patterns, strict=True):
            if "{city}" in pattern:
                assert city in name, (name, pattern)
        cities.add(city)
    assert len(cities) > 1  # the seed chooses the city


def test_names_are_unique_and_marked(config) -> None:
    for seed in SEEDS:
        names = make_agencies(config.agencies, config.places, seed)["name"]
        assert names.is_unique, names[names.duplicated()].tolist()
        assert names.str.endswith(SYNTHETIC_MARK).all()
        neighbourhoods = {
            a for a in config.places.areas if names.str.contains(a, regex=False).any()
        }
        assert len(neighbourhoods) > 5  # areas vary across agencies


def test_names_are_reproducible_byte_for_byte(config) -> None:
    first = make_agencies(config.agencies, config.places, 99).to_csv(index=False)
    assert make_agencies(config.agencies, config.places, 99).to_csv(index=False) == first
    again = generate_cohort(50, 99, name="again").agencies
    assert again.to_csv(index=False) == first
    assert first != make_agencies(config.agencies, config.places, 100).to_csv(index=False)


def test_the_agency_table_keeps_its_shape(config, cohort) -> None:
    table = cohort.agencies
    assert tuple(table.columns) == AGENCY_COLUMNS
    assert table["agency"].tolist() == list(range(len(table)))
    counts = table.groupby("sector", sort=False).size()
    assert counts.to_dict() == {s: spec.count for s, spec in config.agencies.sectors.items()}
    assert len(agency_roles(config.agencies)) == len(table)


@pytest.mark.parametrize(
    ("kind", "roles"),
    [
        pytest.param("ambulance", {"ambulance service"}, id="ambulance-at-ambulance-service"),
        pytest.param("ae_attendance", {"hospital"}, id="a-and-e-at-hospital"),
        pytest.param("admission", {"hospital"}, id="admission-at-hospital"),
        pytest.param("self_discharge", {"hospital"}, id="self-discharge-at-hospital"),
        pytest.param("custody", {"prison", "police custody"}, id="custody-at-prison-or-suite"),
        pytest.param("release", {"prison", "police custody"}, id="release-from-prison-or-suite"),
        pytest.param("court", {"court"}, id="court-at-court"),
        pytest.param("call_out", {"police"}, id="call-out-by-police"),
        pytest.param(
            "placement", {"hostel", "night shelter", "supported housing"}, id="placement-in-housing"
        ),
        pytest.param(
            "eviction", {"hostel", "night shelter", "supported housing"}, id="eviction-from-housing"
        ),
    ],
)
def test_each_event_kind_happens_at_a_fitting_agency(located, kind, roles) -> None:
    events = located[located["kind"] == kind]
    assert len(events) > 0, f"no {kind} events in the cohort"
    assert set(events["role"]) <= roles, events["role"].value_counts()


def test_ambulances_and_hospitals_are_named_for_what_they_are(located) -> None:
    assert located.loc[located["kind"] == "ambulance", "name"].str.contains("Ambulance").all()
    medical = located[located["name"].str.contains("Medical Practice|Health Centre")]
    assert not medical["kind"].isin(["ambulance", "ae_attendance", "admission"]).any()


def test_every_configured_kind_is_respected(located, config) -> None:
    for kind, rule in config.agencies.kinds.items():
        events = located[located["kind"] == kind.value]
        events = events[np.array([rule.applies(s) for s in events["sector"]], dtype=bool)]
        assert events["role"].isin(rule.roles).all(), (kind, events["role"].unique())


def test_kinds_without_a_preference_reach_every_agency_of_the_sector(located, config) -> None:
    free = {k.value for k in config.agencies.kinds}
    assert "referral" not in free
    referrals = located[(located["kind"] == "referral") & (located["sector"] == "Mental health")]
    assert referrals["name"].nunique() == config.agencies.sectors["Mental health"].count


def _config_dir(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, folder)
    path = folder / "agencies.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


AMBULANCE = '{ pattern = "{city} Ambulance Service", role = "ambulance service" },'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            AMBULANCE,
            '{ pattern = "{city} Ambulance Service", role = "ambulance" },',
            "field 'kinds.ambulance': no agency has role 'ambulance service'",
            id="role-no-agency-has",
        ),
        pytest.param(
            "[sectors.Police]\ncount = 2",
            "[sectors.Police]\ncount = 3",
            "'ambulance' events in sector 'Health' must be at an agency with role "
            "ambulance service",
            id="kind-emitted-where-no-agency-fits",
        ),
        pytest.param(
            '{ pattern = "{area} Hostel", role = "hostel" },',
            '{ pattern = "{town} Hostel", role = "hostel" },',
            "uses {town}; patterns may use {city}, {area}, {street}, {last_name}",
            id="unknown-placeholder",
        ),
        pytest.param(
            'sectors = ["Housing"]',
            'sectors = ["Housing", "Hosuing"]',
            "unknown sector 'Hosuing'",
            id="misspelt-sector",
        ),
    ],
)
def test_a_config_error_names_what_to_fix(tmp_path, old, new, expected) -> None:
    folder = _config_dir(tmp_path, old, new)
    if "count = 3" in new:  # move the ambulance service from Health to Police
        text = (folder / "agencies.toml").read_text(encoding="utf-8")
        text = text.replace(f"  {AMBULANCE}\n", "", 1).replace(
            '{ pattern = "{city} Police Custody Suite", role = "police custody" },',
            '{ pattern = "{city} Police Custody Suite", role = "police custody" },\n  ' + AMBULANCE,
        )
        (folder / "agencies.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ModuleError) as error:
        generate_cohort(10, 1, name="broken", config_dir=folder)
    assert expected in str(error.value)
    assert "agencies.toml" in str(error.value)
