"""Schema migrations through Alembic, run programmatically so `init-db` and the app share them."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from alembic import command
from timeline.store.engine import DatabaseError

ALEMBIC_DIR = Path(__file__).resolve().parents[2] / "alembic"


def _alembic_config(engine: Engine) -> Config:
    if not ALEMBIC_DIR.is_dir():
        raise DatabaseError(
            f"migration scripts not found at {ALEMBIC_DIR}; install Touchpoints from its source "
            "folder (pip install -e .)"
        )
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_database(engine: Engine) -> bool:
    """Bring the database to the newest schema; True when anything was changed."""
    config = _alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return False
    command.upgrade(config, "head")
    return True


def downgrade_database(engine: Engine, revision: str = "base") -> None:
    """Step the schema back to `revision` (used by tests and by operators rolling back)."""
    command.downgrade(_alembic_config(engine), revision)
