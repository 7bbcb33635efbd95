"""The board pack without a browser: paper, the content a board paper may see, the HTML it is
printed from (escaped), the options the CLI and the page accept, and consent refusals.
tests/test_browser_pack.py reads real packs printed by Chromium."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from schemas import Journey
from tests.audience_case import KEY, coventry_with_womens_aid
from tests.components import text_of, walk
from tests.factories import make_journey
from tests.test_cli import cli
from timeline.consent import ConsentRequiredError
from timeline.pack import PAPERS, PackOptions, parse_paper
from timeline.pack.content import gather_pack_content
from timeline.pack.document import build_pack_document, css_string, figure_area_mm, figure_pixels
from timeline.pages.inputs import UnusableInputError
from timeline.pages.journey.pack_download import PACK_BUTTON, pack_download
from timeline.pages.router import render_page
from timeline.service import Services

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
HOSTILE = '</style><script>alert("x")</script>'


def _anonymised(key: str = "real-person") -> Journey:
    return Journey.model_validate({**make_journey(key).model_dump(), "provenance": "anonymised"})


@pytest.mark.parametrize(
    ("name", "long_mm", "short_mm"),
    [
        pytest.param("a4", 297, 210, id="a4"),
        pytest.param("A3", 420, 297, id="a3-upper-case"),
        pytest.param("a1", 841, 594, id="a1"),
        pytest.param(" a0 ", 1189, 841, id="a0-spaces"),
    ],
)
def test_papers_are_iso_a_sizes_in_landscape(name: str, long_mm: int, short_mm: int) -> None:
    paper = parse_paper(name)
    assert (paper.width_mm, paper.height_mm) == (long_mm, short_mm)
    width_pt, height_pt = paper.points
    assert width_pt == pytest.approx(long_mm / 25.4 * 72) and width_pt > height_pt


def test_an_unknown_paper_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown paper 'letter'; choose one of: a4, a3, a1, a0"):
        parse_paper("letter")


def test_type_and_margins_grow_with_the_sheet() -> None:
    papers = list(PAPERS.values())
    assert [p.font_pt for p in papers] == sorted(p.font_pt for p in papers)
    assert PAPERS["a0"].font_pt == pytest.approx(2 * PAPERS["a4"].font_pt, rel=0.01)


@pytest.mark.parametrize("name", list(PAPERS))
def test_the_chart_is_drawn_in_the_proportions_of_its_area(name: str) -> None:
    paper = PAPERS[name]
    width, height = figure_pixels(paper, 500)
    area_w, area_h = figure_area_mm(paper)
    assert width / height == pytest.approx(area_w / area_h, rel=0.01)
    tall_width, tall_height = figure_pixels(paper, 3000)  # a chart with many lanes keeps them
    assert tall_height == 3000 and tall_width / tall_height == pytest.approx(area_w / area_h, 0.01)


def test_css_strings_cannot_be_ended_by_user_text() -> None:
    quoted = css_string(HOSTILE + " \\ ' end")
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    assert not set(inner) & set("\"'<>\\/()") - {"\\"}
    assert "<" not in inner and '"' not in inner and "end" in inner


@pytest.fixture
def stored(sqlite_services: Services) -> Services:
    sqlite_services.save_journeys([coventry_with_womens_aid()])
    return sqlite_services


def test_content_leaves_out_sensitive_events_unless_chosen_and_restricted_always(
    stored: Services,
) -> None:
    without = gather_pack_content(stored, KEY, PackOptions())
    agencies = {a.name for a in without.journey.agencies}
    assert "Women's Aid" not in agencies and "Rape Crisis" not in agencies
    assert "Women's Aid" not in without.description and "Domestic abuse" not in without.description
    assert "Kestrel" not in without.description
    with_sensitive = gather_pack_content(stored, KEY, PackOptions(include_sensitive=True))
    agencies = {a.name for a in with_sensitive.journey.agencies}
    assert "Women's Aid" in agencies and "Rape Crisis" not in agencies
    assert not [e for e in with_sensitive.journey.events if e.id == "rc-1"]
    assert with_sensitive.missed == ()  # the only missed opportunity is on the restricted stay
    assert len(without.cycles) >= 1


def test_content_lists_who_was_involved_on_each_chosen_date(stored: Services) -> None:
    dates = (dt.date(2016, 1, 1), dt.date(2015, 3, 3))
    content = gather_pack_content(
        stored, KEY, PackOptions(include_sensitive=True, involved_on=dates)
    )
    assert [on for on, _ in content.involved] == sorted(dates)
    on_3_march = dict(content.involved)[dt.date(2015, 3, 3)]
    assert "Women's Aid" in {i.agency for i in on_3_march}
    default = gather_pack_content(stored, KEY, PackOptions())
    last = max(e.end or e.start for e in default.journey.events)
    assert [on for on, _ in default.involved] == [last]  # the journey's last date


def test_the_document_escapes_user_text(sqlite_services: Services) -> None:
    journey = make_journey("hostile")
    data = journey.model_dump()
    data["title"] = HOSTILE
    data["events"][0]["title"] = "<img src=x onerror=alert(1)>"
    sqlite_services.save_journeys([Journey.model_validate(data)])
    document = build_pack_document(gather_pack_content(sqlite_services, "hostile"), SVG)
    assert "<script>" not in document and "<img src=x" not in document
    assert "&lt;/style&gt;&lt;script&gt;" in document
    assert len(re.findall(r"</style>", document)) == 1  # only the stylesheet's own end
    assert "default-src 'none'" in document  # nothing in it may run or load


def test_without_board_paper_consent_nothing_is_made(sqlite_services: Services) -> None:
    sqlite_services.save_journeys([_anonymised()])
    with pytest.raises(ConsentRequiredError, match="board papers"):
        gather_pack_content(sqlite_services, "real-person")
    sqlite_services.record_consent(
        "real-person", given_by="the person, via their worker", audiences=["board_paper"]
    )
    content = gather_pack_content(sqlite_services, "real-person")
    assert "Consent for board papers given by the person, via their worker" in content.consent_line


def test_the_cli_refuses_a_pack_without_consent_and_writes_nothing(
    sqlite_services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    sqlite_services.save_journeys([_anonymised()])
    out = tmp_path / "pack.pdf"
    result = cli("export", "real-person", "--format", "pack", "-o", str(out), db=sqlite_url)
    assert result.returncode == 2 and "No current consent for board papers" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--format", "pack", "--paper", "a5"], "choose one of: a4, a3, a1, a0", id="paper"
        ),
        pytest.param(
            ["--format", "png", "--paper", "a3"], "--paper is for --format pack", id="png-paper"
        ),
        pytest.param(
            ["--format", "csv", "--include-sensitive"], "--include-sensitive is for", id="csv"
        ),
        pytest.param(
            ["--format", "pack", "--include-restricted"],
            "never carries restricted",
            id="restricted",
        ),
        pytest.param(["--format", "pack", "--width", "900"], "sized by --paper", id="width"),
        pytest.param(
            ["--format", "pack", "--involved-on", "2015-02-30"], "not a date", id="bad-date"
        ),
        pytest.param(
            ["--format", "pack", "--sectors", "Housing"], "always the whole journey", id="filter"
        ),
        pytest.param(
            ["--format", "pack", "--view", "?since=2000-01-01"],
            "always the whole journey",
            id="filter-in-view",
        ),
    ],
)
def test_the_cli_refuses_pack_options_it_cannot_use(
    args: list[str], message: str, sqlite_services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    sqlite_services.save_journeys([make_journey("plain")])
    out = tmp_path / "pack.pdf"
    result = cli("export", "plain", *args, "-o", str(out), db=sqlite_url)
    assert (
        result.returncode == 2
        and message in result.stderr
        and "nothing was exported" in (result.stderr)
    )
    assert not out.exists()


def test_the_journey_page_offers_the_pack_only_with_consent(sqlite_services: Services) -> None:
    sqlite_services.save_journeys([_anonymised()])

    def button() -> object:
        page = render_page("/journeys/real-person", sqlite_services)
        return next(c for c in walk(page) if getattr(c, "id", None) == PACK_BUTTON)

    assert button().disabled and "Board pack (PDF)" in text_of(button())
    with pytest.raises(ConsentRequiredError):
        pack_download(sqlite_services, "real-person")  # a forged click gets nothing
    sqlite_services.record_consent("real-person", given_by="the person", audiences=["board_paper"])
    assert not button().disabled


@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param({"paper": "letter"}, id="paper"),
        pytest.param({"paper": ["a4"]}, id="paper-not-text"),
        pytest.param({"sensitive": "show"}, id="sensitive-not-a-list"),
        pytest.param({"involved_on": "3 March"}, id="date"),
    ],
)
def test_the_page_refuses_what_it_never_sends(inputs: dict, stored: Services) -> None:
    with pytest.raises(UnusableInputError):
        pack_download(stored, KEY, **inputs)


def test_the_cli_pack_is_drawn_with_the_views_collapse_and_alignment(
    sqlite_services: Services, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.cli.pack as cli_pack

    sqlite_services.save_journeys([make_journey("plain")])
    journey = sqlite_services.load_journey("plain")
    sector, event = journey.agencies[0].sector, journey.events[0].id
    asked: list[PackOptions] = []
    monkeypatch.setattr(
        cli_pack, "make_board_pack", lambda _s, _k, options: asked.append(options) or b"%PDF-"
    )
    out = tmp_path / "pack.pdf"
    args = ["--format", "pack", "--collapse", sector, "--align", event, "-o", str(out)]
    result = cli("export", "plain", *args, db=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert asked[0].collapsed == frozenset({sector}) and asked[0].align_on == event
