"""The explorer's stored cohorts, opened and kept prepared in memory: one catalog per Services
(so one cache of prepared cohorts per app), looked up with catalog_for."""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable

from timeline.cohorts.before_after import before_after_basis
from timeline.cohorts.prepared import PreparedCohort, prepare_cohort
from timeline.cohorts.tables import Cohort, CohortInfo
from timeline.cost_tables import find_cost_table
from timeline.pages.explorer.calibration import calibration_rows
from timeline.pages.explorer.costs import FindTable
from timeline.service import Services
from timeline.store import CohortNotFoundError, CostTableRecord


class CohortCatalog:
    """Stored cohorts, opened through Services and kept prepared: the last `size` cohorts stay
    in memory, keyed by name and creation time so a cohort generated again is prepared again."""

    def __init__(
        self,
        list_cohorts: Callable[[], list[CohortInfo]],
        load_cohort: Callable[[str], Cohort],
        size: int = 2,
        cost_tables: FindTable | None = None,
    ) -> None:
        self._list, self._load, self._size = list_cohorts, load_cohort, size
        self._cost_tables = cost_tables  # name -> saved cost table (None: none saved)
        self._prepared: OrderedDict[tuple[str, object], PreparedCohort] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_services(cls, services: Services) -> CohortCatalog:
        """A catalog over the services' stored cohorts."""
        return cls(
            services.list_cohorts,
            services.load_cohort,
            cost_tables=lambda name: find_cost_table(services, name),
        )

    def cost_table(self, name: str) -> CostTableRecord | None:
        """The cost table saved as `name` (None when there is none)."""
        return self._cost_tables(name) if self._cost_tables is not None and name else None

    def infos(self) -> list[CohortInfo]:
        """Every stored cohort, as the store lists them."""
        return list(self._list())

    def info(self, name: str) -> CohortInfo | None:
        """The named cohort's catalogue entry (None when there is none)."""
        return next((i for i in self.infos() if i.name == name), None)

    def is_open(self, info: CohortInfo) -> bool:
        """True when this cohort, as stored now, is prepared in memory (it opens at once)."""
        return (info.name, info.created) in self._prepared

    def warm_in_background(self) -> threading.Thread:
        """Open the newest cohorts in a background thread, so the first visit does not wait.

        A city cohort takes tens of seconds to read from the database; a page that asks for it
        meanwhile waits on the same lock instead of reading it twice.
        """

        def warm() -> None:
            try:
                newest = sorted(self.infos(), key=lambda i: i.created, reverse=True)
                for info in newest[: self._size]:
                    self.prepared(info.name)
            except Exception:  # noqa: BLE001 - a page will load it, and report, when asked
                logging.getLogger(__name__).warning("could not open cohorts ahead of use")

        thread = threading.Thread(target=warm, name="touchpoints-warm-cohorts", daemon=True)
        thread.start()
        return thread

    def prepared(self, name: str) -> PreparedCohort:
        """The named cohort, prepared (CohortNotFoundError when there is none)."""
        info = self.info(name)
        if info is None:
            raise CohortNotFoundError(f"There is no cohort called {name!r}.")
        key = (name, info.created)
        with self._lock:
            if key not in self._prepared:
                self._prepared[key] = prepare_cohort(self._load(name))
                calibration_rows(self._prepared[key])  # measured once, beside the codes
                before_after_basis(self._prepared[key])  # so is each group's presence
                while len(self._prepared) > self._size:
                    self._prepared.popitem(last=False)
            self._prepared.move_to_end(key)
            return self._prepared[key]


# id(services) -> (a weak reference that proves the id is not reused, the catalog)
_CATALOGS: dict[int, tuple[weakref.ref, CohortCatalog]] = {}


def register_catalog(services: Services, catalog: CohortCatalog) -> CohortCatalog:
    """Use `catalog` for these services' pages (tests register a hand-built cohort here)."""
    _CATALOGS[id(services)] = (weakref.ref(services), catalog)
    return catalog


def catalog_for(services: Services) -> CohortCatalog:
    """The one catalog (and so the one cache of prepared cohorts) of these services."""
    ref, catalog = _CATALOGS.get(id(services), (None, None))
    if ref is not None and ref() is services and catalog is not None:
        return catalog
    return register_catalog(services, CohortCatalog.from_services(services))
