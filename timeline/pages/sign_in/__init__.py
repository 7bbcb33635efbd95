"""Signing in (/login, /logout, /login/oidc): Flask routes under Dash rather than a Dash page.

`auth.py` is the password sign-in page and sign-out, sessions, CSRF, the local-only mode and
who the viewer is; `oidc.py` is sign-in through the council's OpenID Connect provider. app.py
installs both through `install_auth`.
"""
