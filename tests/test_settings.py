"""Settings: one documented table, read from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.settings import Settings, load_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_table(name: str) -> None:
    assert f"`TOUCHPOINTS_{name.upper()}`" in README


def test_defaults_are_local_and_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"TOUCHPOINTS_{name.upper()}", raising=False)
    settings = load_settings()
    assert (settings.host, settings.port) == ("127.0.0.1", 8050)
    assert settings.database_url == "sqlite:///data/touchpoints.db"


def test_environment_then_explicit_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOUCHPOINTS_PORT", "9000")
    monkeypatch.setenv("TOUCHPOINTS_DATABASE_URL", "sqlite:///elsewhere.db")
    assert load_settings().port == 9000
    assert load_settings(database_url="sqlite:///cli.db").database_url == "sqlite:///cli.db"
    assert load_settings(database_url=None).database_url == "sqlite:///elsewhere.db"


def test_bad_port_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOUCHPOINTS_PORT", "99999")
    with pytest.raises(ValueError, match="port"):
        load_settings()
