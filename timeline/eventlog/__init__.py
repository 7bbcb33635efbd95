"""Event logs for process-mining tools: OCEL 2.0 JSON and XES, from a journey or a cohort."""

from timeline.eventlog.model import EventLog, cohort_event_log, journey_event_log
from timeline.eventlog.ocel import write_ocel
from timeline.eventlog.xes import write_xes

__all__ = ["EventLog", "cohort_event_log", "journey_event_log", "write_ocel", "write_xes"]
