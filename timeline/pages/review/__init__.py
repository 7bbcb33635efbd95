"""The co-review pages: the reviewer's view (/review/KEY) and the facilitator's page
(/journeys/KEY/review).

`page.py` builds the reviewer's view (and a reviewer's list of journeys) and `callbacks.py` holds
its callbacks (send a proposal, pick an event, consent). `proposals.py` is the facilitator's page
with its callbacks: each proposal accepted or declined, and who the journey is shared with.
`view.py` has the plain functions both use (no dash): what a proposal is about, in words, and the
reviewer's form turned into a proposal.
"""
