"""A journey's history page: every saved version, who saved it and when, and restore."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from timeline.changes import describe_versions
from timeline.describe import plural
from timeline.pages import ids
from timeline.pages.conflict import stale_words
from timeline.pages.inputs import key_input, number_input, page_version_input
from timeline.service import Services
from timeline.store import (
    DEFAULT_ACTOR,
    JourneyNotFoundError,
    JourneyVersion,
    StaleJourneyError,
    VersionAction,
    VersionNotFoundError,
)

HISTORY_SUFFIX = "/history"

# Each kind of change in a facilitator's words.
ACTION_WORDS = {
    VersionAction.IMPORT: "Imported",
    VersionAction.REPLACE: "Replaced by an import",
    VersionAction.EDIT: "Edited",
    VersionAction.ANNOTATE: "Notes changed",
    VersionAction.DELETE: "Deleted",
    VersionAction.RESTORE: "Restored an earlier version",
    VersionAction.REVIEW: "Reviewer's proposal accepted",
}


def version_changes(services: Services, key: str, versions: list[JourneyVersion]) -> dict[int, str]:
    """describe_versions for journey `key`'s stored versions."""
    return describe_versions(
        [(v.version, v.action.value) for v in versions],
        [services.load_version(key, v.version) for v in versions],
    )


def build_history_table(
    key: str, versions: list[JourneyVersion], changes: dict[int, str] | None = None
) -> html.Table | html.P:
    """Newest version first: number, when, who, what happened and what changed against the
    version before, events, and a Restore button."""
    changes = changes or {}
    if not versions:
        return html.P(
            "No history yet: versions are kept from the next change to this journey on.",
            className="hint",
        )
    head = html.Tr(
        [
            html.Th(name, scope="col")
            for name in ("Version", "When (UTC)", "Who", "What happened", "What changed")
        ]
        + [html.Th("Events", scope="col"), html.Th("Restore", scope="col")]
    )
    rows = [
        html.Tr(
            [
                html.Th(str(v.version), scope="row"),
                html.Td(v.saved_at.strftime("%d %b %Y %H:%M:%S")),
                html.Td(v.actor),
                html.Td(ACTION_WORDS.get(v.action, v.action.value)),
                html.Td(changes.get(v.version, ""), className="history-change"),
                html.Td(plural(v.events, "event")),
                html.Td(
                    html.Button(
                        "Restore this version",
                        id={"type": ids.HISTORY_RESTORE, "version": v.version},
                        className="button button-small",
                        **{"aria-label": f"Restore this version (version {v.version})"},
                    )
                ),
            ]
        )
        for v in reversed(versions)
    ]
    return html.Table(
        [
            html.Caption(f"Saved versions of {key}, newest first"),
            html.Thead(head),
            html.Tbody(rows),
        ],
        className="table history-table",
    )


def build_history_page(
    key: str,
    versions: list[JourneyVersion],
    *,
    deleted: bool,
    changes: dict[int, str] | None = None,
) -> html.Div:
    """The history page of journey `key`; `deleted` says it is soft-deleted now."""
    intro = (
        "This journey is deleted. Restore a version to bring it back."
        if deleted
        else "Every change is kept. Restoring adds a new version; nothing is overwritten."
    )
    back = (
        dcc.Link("Back to all journeys", href="/")
        if deleted
        else dcc.Link("Back to the journey", href=f"/journeys/{key}")
    )
    return html.Div(
        [
            html.H1(f"History of {key}"),
            html.P(intro, className="hint"),
            back,
            dcc.Store(id=ids.HISTORY_KEY, data=key),
            dcc.Store(id=ids.HISTORY_VERSION, data=versions[-1].version if versions else None),
            html.P(id=ids.HISTORY_MESSAGE, role="status", className="hint"),
            html.Div(build_history_table(key, versions, changes), id=ids.HISTORY_TABLE),
        ],
        className="history-page",
    )


def render_history_page(services: Services, key: str) -> html.Div | None:
    """The history page, or None when no journey with `key` was ever stored."""
    versions = services.list_versions(key)
    try:
        services.load_journey(key)
        deleted = False
    except JourneyNotFoundError:
        if not versions:
            return None
        deleted = True
    changes = version_changes(services, key, versions)
    return build_history_page(key, versions, deleted=deleted, changes=changes)


def restore_from_history(
    services: Services,
    key: str,
    version: int,
    actor: str = DEFAULT_ACTOR,
    *,
    base_version: int | None = None,
) -> str:
    """Restore `version` of journey `key` and say what happened, for the status line. The
    signed-in account is recorded in place of the default actor (Services._actor). With
    `base_version` (the newest version the page showed), nothing is restored when someone
    saved the journey since."""
    try:
        added = services.restore_version(key, version, actor=actor, base_version=base_version)
    except StaleJourneyError as exc:
        return stale_words(exc)
    return f"Version {version} restored. It is now the current journey, saved as version {added}."


def register_history_callbacks(app: Dash, services: Services) -> None:
    """Restore a version when its button is pressed, then redraw the table."""

    @app.callback(
        Output(ids.HISTORY_TABLE, "children"),
        Output(ids.HISTORY_MESSAGE, "children"),
        Output(ids.HISTORY_VERSION, "data"),
        Input({"type": ids.HISTORY_RESTORE, "version": ALL}, "n_clicks"),
        State(ids.HISTORY_KEY, "data"),
        State(ids.HISTORY_VERSION, "data"),
        prevent_initial_call=True,
    )
    def _restore(clicks, key, version):  # noqa: ANN001, ANN202
        # Redrawing the table adds fresh buttons, which fires this again with no clicks.
        if (
            not isinstance(ctx.triggered_id, dict)
            or not isinstance(clicks, list)
            or not any(clicks)
        ):
            return no_update, no_update, no_update
        key, base = key_input(key), page_version_input(version)
        chosen = number_input(ctx.triggered_id.get("version"), "version to restore")
        try:
            message = restore_from_history(services, key, chosen, base_version=base)
        except VersionNotFoundError:
            message = f"There is no version {chosen} of this journey to restore."
        versions = services.list_versions(key)
        newest = versions[-1].version if versions else None
        table = build_history_table(key, versions, version_changes(services, key, versions))
        return table, message, newest
