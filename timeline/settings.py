"""One frozen settings model, read from the environment once by app.py or the CLI."""

from __future__ import annotations

from pathlib import Path

from limits import parse_many
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/touchpoints.db"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


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
    accounts: bool = Field(
        default=False,
        description=(
            "Turn on accounts and sign-in (roles, sessions, rate-limited login). Off: single-user "
            "local mode, which serves this computer (127.0.0.1) only."
        ),
    )
    admin_password: SecretStr | None = Field(
        default=None,
        description=(
            "With accounts on and no account yet, the first run makes user 'admin' with this "
            "password (without it, a random one is printed once)."
        ),
    )
    secure_cookies: bool | None = Field(
        default=None,
        description=(
            "Send cookies over HTTPS only. Unset: on unless the app listens on a loopback "
            "address; set true behind an HTTPS proxy."
        ),
    )
    session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, description="How long a sign-in lasts, in hours."
    )
    login_rate_limit: str = Field(
        default="5 per minute;30 per hour",
        description="Sign-in attempts allowed per address (Flask-Limiter syntax).",
    )
    login_account_rate_limit: str = Field(
        default="5 per minute;30 per hour",
        description="Sign-in attempts allowed per account tried, from any address.",
    )
    login_rate_limit_storage: str = Field(
        default="memory://",
        description=(
            "Where sign-in attempts are counted (a Flask-Limiter storage URI): memory:// counts "
            "in each worker process; redis://host:6379 shares the count between workers."
        ),
    )
    cohort_dir: Path | None = Field(
        default=None,
        description=(
            "Folder of synthetic cohorts' Parquet tables. Unset: `cohorts/` beside a SQLite "
            "database file; with PostgreSQL and no folder, the tables stay in the database."
        ),
    )
    max_rows: int = Field(
        default=100_000,
        ge=1,
        description="Most rows a CSV or XLSX file may hold (web import and CLI).",
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description=(
            "Worker processes of the production server (gunicorn). Unset: one per CPU core. "
            "waitress (Windows) serves from one process."
        ),
    )
    threads: int = Field(
        default=4, ge=1, le=64, description="Threads per worker process of the production server."
    )
    graceful_timeout: int = Field(
        default=30,
        ge=1,
        le=600,
        description="Seconds the production server lets requests in flight finish on SIGTERM.",
    )
    access_log: str = Field(
        default="-",
        description=(
            "Where the production server writes its access log, one JSON line per request: "
            "'-' standard output, a file path (appended), or 'off'."
        ),
    )

    trusted_proxies: int = Field(
        default=0,
        ge=0,
        le=5,
        description=(
            "How many reverse proxies (nginx, a load balancer) stand in front of the app and set "
            "X-Forwarded-For/-Proto/-Host/-Port; their headers are then trusted. 0: ignored."
        ),
    )
    webgl: bool = Field(
        default=False,
        description=(
            "Draw journeys of more than 5,000 point events with WebGL (fast in the browser). "
            "plotly's WebGL needs 'unsafe-eval' in the Content-Security-Policy, so it is off "
            "unless asked for: such journeys are then drawn as SVG, slower but the same."
        ),
    )
    oidc_issuer: str | None = Field(
        default=None,
        description=(
            "Issuer URL of the council's OpenID Connect provider (its discovery document is "
            "ISSUER/.well-known/openid-configuration). With the client id and secret, the sign-in "
            "page offers 'Sign in with' it beside passwords. Needs accounts on."
        ),
    )
    oidc_client_id: str | None = Field(
        default=None, description="The client id Touchpoints is registered with at the provider."
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="The client secret that goes with the client id."
    )
    oidc_label: str = Field(
        default="your organisation's account",
        max_length=80,
        description="How the sign-in button names the provider: 'Sign in with <label>'.",
    )
    oidc_scopes: str = Field(
        default="openid email profile", description="Scopes asked for (space-separated)."
    )
    oidc_role_claim: str | None = Field(
        default=None,
        description=(
            "The ID-token claim that carries roles or groups (e.g. 'roles' or 'groups'). Unset: "
            "nobody gets a role from the provider; an admin gives each new person one."
        ),
    )
    oidc_role_map: str = Field(
        default="",
        description=(
            "Claim values to roles, e.g. 'tp-admins=admin;tp-staff=facilitator'. Unset: a claim "
            "value that is a role's name (admin, facilitator, reviewer, commissioner) is that role."
        ),
    )

    @field_validator("login_rate_limit", "login_account_rate_limit")
    @classmethod
    def _a_rate_limit(cls, value: str) -> str:
        """A limit the limiter can read: one it cannot would let every sign-in attempt through."""
        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"{value[:40]!r} is not a rate limit; write e.g. '5 per minute;30 per hour'"
            ) from None
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _an_issuer(cls, value: str | None) -> str | None:
        """An https URL (http only for this computer, as a test provider is)."""
        if value is None or value == "":
            return None
        local = value.startswith(("http://127.0.0.1", "http://localhost"))
        if not (value.startswith("https://") or local):
            raise ValueError(
                f"{value[:60]!r} is not an issuer URL; write e.g. https://login.example.gov.uk"
            )
        return value.rstrip("/")

    @property
    def oidc(self) -> bool:
        """True when sign-in through the council's provider is set up."""
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @property
    def loopback(self) -> bool:
        """True when the app listens on this computer only."""
        return self.host in LOOPBACK_HOSTS

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return self.secure_cookies if self.secure_cookies is not None else not self.loopback


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (e.g. CLI options) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
