"""`touchpoints serve`: the web app on the production server (gunicorn, or waitress on Windows),
or with --dev on Dash's development server with its reloader.

One command group of the timeline/cli package. No `from __future__ import annotations`
here: typer reads the command's annotations, which name the --db option type passed in.
"""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from timeline.cycles import RulesFileError
from timeline.settings import Settings, load_settings
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
        workers: Annotated[
            int | None,
            typer.Option(help="Worker processes (gunicorn). Default: one per CPU core."),
        ] = None,
        threads: Annotated[
            int | None, typer.Option(help="Threads per worker process. Default: 4.")
        ] = None,
        dev: Annotated[
            bool,
            typer.Option(
                "--dev",
                help="Dash's development server, restarting when the code changes (one "
                "process; not for serving others).",
            ),
        ] = False,
    ) -> None:
        """Serve the web app (loads the demo case studies into an empty database first)."""
        from app import create_app  # dash is imported only by the commands that need it

        try:
            settings = load_settings(
                database_url=db, host=host, port=port, workers=workers, threads=threads
            )
            dash_app = create_app(settings)
        except (DatabaseError, RulesFileError, ValueError) as exc:  # ValueError: unsafe settings
            raise fail(str(exc)) from None
        typer.echo(f"Touchpoints at http://{settings.host}:{settings.port}/  (Ctrl+C stops it)")
        if dev:
            run_development_server(dash_app, settings)
        else:
            from timeline.server import run_production_server

            run_production_server(dash_app.server, settings)


def run_development_server(dash_app: Any, settings: Settings, *, reload: bool = True) -> None:  # noqa: ANN401
    """Dash's development server (Flask's, threaded), restarting on code changes if `reload`."""
    from timeline.pages.protect import PlainServerRequestHandler

    dash_app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,  # error pages only with TOUCHPOINTS_DEBUG=1
        use_reloader=reload,
        request_handler=PlainServerRequestHandler,  # one Server header, naming no version
    )
