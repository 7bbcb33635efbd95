"""Board packs printed by Chromium, read back with pypdf: pages, paper, the words of every cycle,
every event, page numbers, a vector timeline, and nothing a board paper may not see.

One pack per paper size is made once for the module (each takes seconds); the module is named
test_browser_* so the parallel suite runs it in the one worker that drives browsers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.audience_case import KEY, coventry_with_womens_aid
from tests.factories import make_journey
from tests.test_cli import cli
from timeline.audience import in_the_room, show_events
from timeline.pack import PAPERS, PackOptions, make_board_pack
from timeline.pages.journey.pack_download import pack_download
from timeline.service import Services, open_services
from timeline.settings import Settings

pytestmark = pytest.mark.browser

SENSITIVE_ONLY = ("Women's Aid", "Domestic abuse", "Talks to an outreach worker")
NEVER = ("Rape Crisis", "Kestrel", "Safe room", "Sexual violence", "Unasked", "Nobody believed")
SECTIONS = 7  # cover, timeline, cycles, description, missed, involved, events
TOLERANCE_PT = 2  # Chromium rounds the sheet to whole CSS pixels


def words(text: str) -> str:
    """Text as a reader sees it: ligatures undone (ﬂ is fl), every run of spaces one space, and
    a word broken after its hyphen at the end of a line joined again."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def read(pdf: bytes) -> tuple[PdfReader, list[str]]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [words(page.extract_text()) for page in reader.pages]


def assert_paper(reader: PdfReader, paper: str) -> None:
    width, height = PAPERS[paper].points
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - width) < TOLERANCE_PT, (paper, box)
        assert abs(float(box.height) - height) < TOLERANCE_PT, (paper, box)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pack') / 'pack.db'}"
    opened = open_services(Settings(database_url=url, load_demo=False))
    opened.save_journeys([coventry_with_womens_aid(), make_journey("plain")])
    yield opened
    opened.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def a4(services: Services) -> tuple[PdfReader, list[str]]:
    dates = (dt.date(2015, 3, 3), dt.date(2016, 1, 1))
    return read(make_board_pack(services, KEY, PackOptions(involved_on=dates)))


@pytest.fixture(scope="module")
def a0_sensitive(services: Services) -> tuple[PdfReader, list[str]]:
    return read(make_board_pack(services, KEY, PackOptions(paper="a0", include_sensitive=True)))


def test_a4_pack_has_a_page_per_section_on_landscape_a4_numbered(a4) -> None:  # noqa: ANN001
    reader, pages = a4
    assert len(pages) >= SECTIONS
    assert_paper(reader, "a4")
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_cover_says_what_the_journey_is_and_when_the_pack_was_made(a4) -> None:  # noqa: ANN001
    cover = a4[1][0]
    for text in ("Board pack", "Coventry couple", "illustrative", "Consent", "Made", "UTC"):
        assert text.lower() in cover.lower(), text
    assert "no consent is needed" in cover
    assert "Sensitive events are left out" in cover


def test_the_timeline_is_vector_with_its_lanes_as_text(a4) -> None:  # noqa: ANN001
    reader, pages = a4
    assert not list(reader.pages[1].images)  # drawn, not a picture of a chart
    for lane in ("Cyrenians", "West Midlands Police", "Housing", "Status: Sam"):
        assert lane in pages[1], lane


def test_every_cycle_is_in_plain_words_and_every_event_in_the_table(
    a4,  # noqa: ANN001
    services: Services,
) -> None:
    text = " ".join(a4[1])
    room = show_events(services.load_journey(KEY), lambda e: in_the_room(e, False))
    cycles = services.find_cycles(room)
    assert cycles
    for cycle in cycles:
        assert words(cycle.explanation) in text, cycle.label
        assert cycle.label in text
    for event in room.events:
        assert words(event.title) in text, event.title


def test_who_was_involved_on_the_chosen_dates(a4) -> None:  # noqa: ANN001
    text = " ".join(a4[1])
    assert "On 3 Mar 2015:" in text and "On 1 Jan 2016:" in text


def test_sensitive_events_only_when_chosen_restricted_never(a4, a0_sensitive) -> None:  # noqa: ANN001
    plain, sensitive = " ".join(a4[1]), " ".join(a0_sensitive[1])
    for text in SENSITIVE_ONLY:
        assert text not in plain, text
        assert text in sensitive, text
    for text in NEVER:
        assert text not in plain and text not in sensitive, text
    assert "Sensitive events are included" in a0_sensitive[1][0]


def test_a0_poster_is_landscape_a0(a0_sensitive) -> None:  # noqa: ANN001
    reader, pages = a0_sensitive
    assert_paper(reader, "a0")
    assert len(pages) >= SECTIONS


def test_cli_writes_an_a3_pack(services: Services, tmp_path: Path) -> None:
    url = str(services.settings.database_url)
    out = tmp_path / "plain.pdf"
    result = cli("export", "plain", "--format", "pack", "--paper", "A3", "-o", str(out), db=url)
    assert result.returncode == 0, result.stderr
    reader, pages = read(out.read_bytes())
    assert_paper(reader, "a3")
    assert len(pages) >= SECTIONS
    text = " ".join(pages)
    for event in services.load_journey("plain").events:
        assert words(event.title) in text


def test_page_download_makes_an_a1_pack(services: Services) -> None:
    data, name, media_type = pack_download(
        services, "plain", paper="a1", sensitive=[], involved_on="2015-01-15"
    )
    assert (name, media_type) == ("plain-board-pack-a1.pdf", "application/pdf")
    reader, pages = read(data)
    assert_paper(reader, "a1")
    assert "On 15 Jan 2015" in " ".join(pages)
