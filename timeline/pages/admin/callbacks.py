"""The admin page's one callback: any action button in, the action done, the lists redrawn."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from timeline.access import Action
from timeline.accounts import Accounts
from timeline.pages import ids
from timeline.pages.admin.actions import admin_lists, run_action
from timeline.pages.admin.page import account_options, build_admin_lists
from timeline.pages.inputs import text_input
from timeline.service import Services

BUTTONS = {
    ids.ADMIN_SET_ROLE: ("role", "n_clicks"),
    ids.ADMIN_RESET: ("reset", "n_clicks"),
    ids.ADMIN_REMOVE: ("remove", "submit_n_clicks"),
    ids.ADMIN_ADD: ("add", "n_clicks"),
    ids.ADMIN_APPROVE: ("approve", "n_clicks"),
    ids.ADMIN_DISMISS: ("dismiss", "submit_n_clicks"),
    ids.ADMIN_SHARE: ("share", "n_clicks"),
    ids.ADMIN_UNSHARE: ("unshare", "n_clicks"),
}
FIELDS = (
    ("account", ids.ADMIN_ACCOUNT),
    ("role", ids.ADMIN_ROLE),
    ("username", ids.ADMIN_USERNAME),
    ("new_role", ids.ADMIN_NEW_ROLE),
    ("waiting", ids.ADMIN_WAITING),
    ("waiting_role", ids.ADMIN_WAITING_ROLE),
    ("journey", ids.ADMIN_JOURNEY),
    ("reviewer", ids.ADMIN_REVIEWER),
)


def register_admin_callbacks(app: Dash, services: Services, accounts: Accounts) -> None:
    """Wire the admin page's buttons."""

    @app.callback(
        Output(ids.ADMIN_STATUS, "children"),
        Output(ids.ADMIN_SHOWN_ONCE, "children"),
        Output(ids.ADMIN_LISTS, "children"),
        Output(ids.ADMIN_ACCOUNT, "options"),
        Output(ids.ADMIN_WAITING, "options"),
        Output(ids.ADMIN_REVIEWER, "options"),
        Output(ids.ADMIN_USERNAME, "value"),
        *(Input(ident, prop) for ident, (_, prop) in BUTTONS.items()),
        *(State(ident, "value") for _, ident in FIELDS),
        prevent_initial_call=True,
    )
    def _act(*args):  # noqa: ANN002, ANN202
        services.require(Action.USERS)  # admins only, checked on every request
        viewer = services.viewer()
        actor = viewer.username if viewer else "local user"
        trigger = ctx.triggered_id
        if trigger not in BUTTONS:
            return (no_update,) * 7
        action = BUTTONS[trigger][0]
        raw = dict(zip((name for name, _ in FIELDS), args[len(BUTTONS) :], strict=True))
        values = {
            name: text_input(value, name.replace("_", " "), limit=200)
            for name, value in raw.items()
        }
        if action == "add":
            values["role"] = values["new_role"]
        if action == "approve":
            values["role"] = values["waiting_role"]
        result = run_action(accounts, actor, action, values)
        lists = admin_lists(accounts)
        users, waiting, reviewers = account_options(lists)
        password = (
            ["New password: ", html.Code(result.password, id="admin-new-password")]
            if result.password is not None
            else ""
        )
        cleared = "" if result.done and action == "add" else no_update
        return (
            result.message,
            password,
            build_admin_lists(lists),
            users,
            waiting,
            reviewers,
            cleared,
        )
