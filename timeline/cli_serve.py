"""`touchpoints serve`: the web app on the development server, with one Server header.

Kept apart from timeline/cli.py to keep modules small. No `from __future__ import annotations`
here: typer reads the command's annotations, which name the --db option type passed in.
"""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.cycles import RulesFileError
from timeline.settings import load_settings
from timeline.store import DatabaseError


def register_serve_command(
    app: typer.Typer,
    *,
    db_option: Any,
    fail: Callable[[str], typer.Exit],  # noqa: ANN401
) -> None:
    """Add `serve` to the `touchpoints` command."""

    @app.command()
    def serve(
        db: db_option = None,
        host: Annotated[
            str | None, typer.Option(help="Address to listen on. Default: 127.0.0.1.")
        ] = None,
        port: Annotated[int | None, typer.Option(help="Port. Default: 8050.")] = None,
    ) -> None:
        """Serve the web app (loads the demo case studies into an empty database first)."""
        from app import create_app  # dash is imported only by the commands that need it
        from timeline.pages.protect import PlainServerRequestHandler

        settings = load_settings(database_url=db, host=host, port=port)
        try:
            dash_app = create_app(settings)
        except (DatabaseError, RulesFileError, ValueError) as exc:  # ValueError: unsafe settings
            raise fail(str(exc)) from None
        typer.echo(f"Touchpoints at http://{settings.host}:{settings.port}/  (Ctrl+C stops it)")
        dash_app.run(
            host=settings.host,
            port=settings.port,
            debug=settings.debug,
            request_handler=PlainServerRequestHandler,  # one Server header, naming no version
        )
