"""Alembic environment: the engine comes from Touchpoints (config.attributes) or alembic.ini."""

from __future__ import annotations

from sqlalchemy import Engine

from alembic import context
from timeline.store.engine import make_engine
from timeline.store.models import Base

config = context.config


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    return make_engine(config.get_main_option("sqlalchemy.url"))


def run_migrations_online() -> None:
    engine = _engine()
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
