"""The admin page (/admin): accounts, roles, passwords, people waiting for a role after the
council's sign-in, journeys shared with reviewers, and the audit list. Admins only."""

from __future__ import annotations

from dash import dcc, html

from schemas import JourneySummary
from timeline.access import Role
from timeline.pages import ids
from timeline.pages.admin.actions import AdminLists, role_options

ADMIN_PATH = "/admin"


def _dropdown(label: str, ident: str, options: list, placeholder: str) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=ident),
            dcc.Dropdown(id=ident, options=options, placeholder=placeholder, clearable=True),
        ],
        className="field",
    )


def _table(caption: str, headings: list[str], rows: list[list[str]], ident: str) -> html.Table:
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in headings])),
            html.Tbody(
                [html.Tr([html.Td(cell) for cell in row]) for row in rows]
                or [html.Tr(html.Td("None.", colSpan=len(headings)))]
            ),
        ],
        className="table table-compact",
        id=ident,
    )


def build_admin_lists(lists: AdminLists) -> list:
    """The three tables, redrawn after every action."""
    users = [
        [
            u.username,
            u.role.value,
            "council sign-in" if u.external else "password",
            u.created_by,
            ", ".join(u.shared) if u.role is Role.REVIEWER else "",
        ]
        for u in lists.users
    ]
    waiting = [[p.username, p.display, f"{p.first_seen:%d %b %Y %H:%M} UTC"] for p in lists.pending]
    audit = [
        [f"{a.at:%d %b %Y %H:%M:%S} UTC", a.actor, a.action, a.target, a.detail]
        for a in lists.audit
    ]
    return [
        html.Section(
            [
                html.H2("Accounts"),
                _table(
                    "Every account",
                    ["Username", "Role", "Signs in with", "Added by", "Journeys shared"],
                    users,
                    "admin-accounts",
                ),
            ],
            className="panel",
        ),
        html.Section(
            [
                html.H2("Waiting for a role"),
                _table(
                    "People the council's sign-in let in, with no role yet",
                    ["Username", "Name", "First signed in"],
                    waiting,
                    "admin-pending",
                ),
            ],
            className="panel",
        ),
        html.Section(
            [
                html.H2("Audit list"),
                html.P(
                    "Who did what to accounts and shares, and every sign-in, newest first. Kept "
                    "in the database; nothing here deletes it. `touchpoints user audit` reads "
                    "further back.",
                    className="hint",
                ),
                _table(
                    f"The newest {len(audit)} entries",
                    ["When", "Who", "What", "To whom", "Detail"],
                    audit,
                    "admin-audit",
                ),
            ],
            className="panel",
        ),
    ]


def account_options(lists: AdminLists) -> tuple[list, list, list]:
    """(accounts, waiting people, reviewers) as the dropdowns offer them."""
    accounts = [
        {"label": f"{u.username} ({u.role.value})", "value": u.username} for u in lists.users
    ]
    waiting = [{"label": f"{p.username} ({p.display})", "value": p.username} for p in lists.pending]
    reviewers = [
        {"label": u.username, "value": u.username} for u in lists.users if u.role is Role.REVIEWER
    ]
    return accounts, waiting, reviewers


def build_admin_page(lists: AdminLists, journeys: list[JourneySummary]) -> html.Div:
    """The whole page: forms for each action, a status line, then the lists."""
    accounts, waiting, reviewers = account_options(lists)
    roles = role_options()
    journey_options = [{"label": f"{j.title} ({j.key})", "value": j.key} for j in journeys]
    confirm = (
        "Remove the chosen account? Its sessions end at once and its shares go. This cannot be "
        "undone."
    )
    return html.Div(
        [
            html.H1("Admin: accounts and audit"),
            html.P(id=ids.ADMIN_STATUS, role="status", className="filter-note"),
            html.P(id=ids.ADMIN_SHOWN_ONCE, className="admin-password"),
            html.Div(
                [
                    html.Section(
                        [
                            html.H2("Change an account"),
                            _dropdown("Account", ids.ADMIN_ACCOUNT, accounts, "Choose an account"),
                            _dropdown("New role", ids.ADMIN_ROLE, roles, "Choose a role"),
                            html.Div(
                                [
                                    html.Button(
                                        "Change role", id=ids.ADMIN_SET_ROLE, className="button"
                                    ),
                                    html.Button(
                                        "Reset password", id=ids.ADMIN_RESET, className="button"
                                    ),
                                    dcc.ConfirmDialogProvider(
                                        html.Button(
                                            "Remove account", className="button button-danger"
                                        ),
                                        id=ids.ADMIN_REMOVE,
                                        message=confirm,
                                    ),
                                ],
                                className="button-row",
                            ),
                        ],
                        className="panel",
                    ),
                    html.Section(
                        [
                            html.H2("Add an account"),
                            html.Div(
                                [
                                    html.Label("Username", htmlFor=ids.ADMIN_USERNAME),
                                    dcc.Input(
                                        id=ids.ADMIN_USERNAME,
                                        type="text",
                                        maxLength=80,
                                        autoComplete="off",
                                        debounce=True,
                                    ),
                                ],
                                className="field",
                            ),
                            _dropdown("Role", ids.ADMIN_NEW_ROLE, roles, "Choose a role"),
                            html.P(
                                "A strong password is made for them and shown here once.",
                                className="hint",
                            ),
                            html.Button("Add account", id=ids.ADMIN_ADD, className="button"),
                        ],
                        className="panel",
                    ),
                    html.Section(
                        [
                            html.H2("Give a role to someone waiting"),
                            _dropdown("Waiting", ids.ADMIN_WAITING, waiting, "Choose someone"),
                            _dropdown("Role", ids.ADMIN_WAITING_ROLE, roles, "Choose a role"),
                            html.Div(
                                [
                                    html.Button(
                                        "Give role", id=ids.ADMIN_APPROVE, className="button"
                                    ),
                                    dcc.ConfirmDialogProvider(
                                        html.Button("Dismiss", className="button"),
                                        id=ids.ADMIN_DISMISS,
                                        message="Take the chosen person off the waiting list?",
                                    ),
                                ],
                                className="button-row",
                            ),
                        ],
                        className="panel",
                    ),
                    html.Section(
                        [
                            html.H2("Share a journey with a reviewer"),
                            _dropdown(
                                "Journey", ids.ADMIN_JOURNEY, journey_options, "Choose a journey"
                            ),
                            _dropdown(
                                "Reviewer", ids.ADMIN_REVIEWER, reviewers, "Choose a reviewer"
                            ),
                            html.Div(
                                [
                                    html.Button("Share", id=ids.ADMIN_SHARE, className="button"),
                                    html.Button(
                                        "Stop sharing", id=ids.ADMIN_UNSHARE, className="button"
                                    ),
                                ],
                                className="button-row",
                            ),
                        ],
                        className="panel",
                    ),
                ],
                className="admin-forms",
            ),
            html.Div(build_admin_lists(lists), id=ids.ADMIN_LISTS),
        ],
        className="admin-page",
    )


def build_accounts_off_page() -> html.Div:
    """What /admin shows in single-user local mode, where there are no accounts to manage."""
    return html.Div(
        [
            html.H1("Admin"),
            html.P(
                "Accounts are off: Touchpoints is in single-user local mode, for this computer "
                "only, so there is nobody to manage. Turn accounts on (TOUCHPOINTS_ACCOUNTS=true, "
                "see the README's Accounts section) to add people and sign-in."
            ),
        ]
    )
