"""Dash pages: layouts built by plain functions, callbacks as thin adapters.

One package per page holds its layout, callbacks and view helpers: `journeys` (the list),
`journey`, `history`, `compare`, `present`, `editor`, `upload` (the Import page), `review`
(co-review), `explorer`, `cohorts`, `admin` and `sign_in`. What pages share lives beside them:
the router and shell, component ids, input decoding, the journey view (`journey_view.py`), and
the server's serving, compression, encoding and protections.
"""
