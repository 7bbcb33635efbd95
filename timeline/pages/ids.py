"""Every component id used by callbacks, in one place."""

URL = "url"
PAGE = "page"
JOURNEY_GRAPH = "journey-graph"
JOURNEYS_TABLE = "journeys-table"
