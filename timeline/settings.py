"""One frozen settings model, read from the environment once by app.py or the CLI."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/touchpoints.db"


class Settings(BaseSettings):
    """Every Touchpoints setting; each is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="TOUCHPOINTS_", frozen=True, extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database; SQLite files are created on first use.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8050, ge=1, le=65535, description="Port the web app listens on.")
    debug: bool = Field(default=False, description="Dash debug mode (reloader, error pages).")
    max_upload_mb: float = Field(
        default=5.0, gt=0, le=100, description="Largest case-study file the browser may upload."
    )
    rules: Path | None = Field(
        default=None,
        description="TOML or JSON file overriding revolving-door rule parameters.",
    )
    load_demo: bool = Field(
        default=True,
        description="Load the demo case studies when the app starts on an empty database.",
    )
    suppress_below: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Counts from 1 to this minus one show as '<N' (1 turns it off).",
    )


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (e.g. CLI options) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
