"""Render the board pack's pages for review: docs/screenshots/pack-*.png.

    .venv/bin/python docs/make_pack_screenshots.py

Makes the Coventry couple's pack on A4 (with the guide's missed-opportunity mark and two dates
for "who was involved") and on A0, the wall poster, in a throwaway database, then draws chosen
pages with poppler's pdftoppm (`apt-get install poppler-utils`), 960 pixels wide.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timeline.pack import PackOptions, make_board_pack
from timeline.service import open_services
from timeline.settings import Settings

OUT = Path(__file__).parent / "screenshots"
KEY = "coventry-couple"
WIDTH_PX = 960
PAGES = {  # (paper, page number): file name
    ("a4", 1): "pack-a4-cover",
    ("a4", 2): "pack-a4-timeline",
    ("a4", 3): "pack-a4-cycles",
    ("a4", 6): "pack-a4-involved",
    ("a4", 7): "pack-a4-events",
    ("a0", 2): "pack-a0-poster",
}


def main() -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(
            Settings(database_url=f"sqlite:///{folder}/pack.db", load_demo=True)
        )
        services.load_demo()
        coventry = services.load_journey(KEY)
        eviction = min(
            (e for e in coventry.events if e.kind.value == "eviction"), key=lambda e: e.start
        )
        services.mark_missed_opportunity(
            KEY, eviction.id, "The arrears were known for months before the eviction."
        )
        dates = (dt.date(2015, 3, 1), dt.date(2016, 1, 1))
        for paper in sorted({paper for paper, _ in PAGES}):
            pdf = Path(folder) / f"{paper}.pdf"
            pdf.write_bytes(make_board_pack(services, KEY, PackOptions(paper, involved_on=dates)))
            for (wanted, page), name in PAGES.items():
                if wanted != paper:
                    continue
                subprocess.run(  # noqa: S603 - poppler's own tool, fixed arguments
                    [
                        pdftoppm,
                        "-png",
                        "-singlefile",
                        "-f",
                        str(page),
                        "-l",
                        str(page),
                        "-scale-to-x",
                        str(WIDTH_PX),
                        "-scale-to-y",
                        "-1",
                        str(pdf),
                        str(OUT / name),
                    ],
                    check=True,
                )
                print(f"wrote {OUT / name}.png")


if __name__ == "__main__":
    main()
