"""Every component id used by callbacks, in one place."""

URL = "url"
PAGE = "page"
JOURNEYS_TABLE = "journeys-table"

JOURNEY_KEY = "journey-key"
JOURNEY_GRAPH = "journey-graph"
COLLAPSE = "journey-collapse"
ALIGN = "journey-align"
SHOW_ALL = "journey-show-all"
CYCLES_PANEL = "journey-cycles"
CYCLE_BUTTON = "cycle-button"  # pattern-matching: {"type": CYCLE_BUTTON, "index": i}
CYCLE_SPANS = "journey-cycle-spans"
DESCRIPTION = "journey-description"
DOWNLOAD = "journey-download"
DOWNLOAD_BUTTON = "download-button"  # pattern-matching: {"type": DOWNLOAD_BUTTON, "format": f}
RULES_PANEL = "journey-rules"
RULE_PARAM = "rule-param"  # pattern-matching: {"type": RULE_PARAM, "rule": id, "param": name}
RULE_ON = "rule-on"  # pattern-matching: {"type": RULE_ON, "rule": id}
APPLY_RULES = "journey-apply-rules"
ANCHOR = "journey-anchor"
UPLOAD = "upload"
UPLOAD_FILE = "upload-file"  # dcc.Store of {"contents": ..., "name": ...}
UPLOAD_RESULT = "upload-result"
UPLOAD_REPLACE = "upload-replace"
UPLOAD_IMPORT = "upload-import"
UPLOAD_CANCEL = "upload-cancel"
UPLOAD_MESSAGE = "upload-message"
TEMPLATE_BUTTON = "template-button"  # pattern-matching: {"type": TEMPLATE_BUTTON, "format": f}
TEMPLATE_DOWNLOAD = "template-download"
EVENTS_TABLE = "journey-events-table"
