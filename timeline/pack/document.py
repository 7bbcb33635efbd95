"""The board pack as one HTML document for Chromium to print: a cover, the timeline fitted to the
sheet, then the words. Every user text is escaped (html.escape for the page, hex escapes for
the few strings CSS repeats in the page margins); nothing in it runs or loads anything."""

from __future__ import annotations

import base64
import math
from html import escape
from pathlib import Path

from schemas import DatePrecision
from timeline.describe import (
    NOT_COUNTED_HEADING,
    PROVENANCE_NOTES,
    describe_counts,
    describe_not_counted,
    display_date,
    display_span,
    plural,
)
from timeline.pack.content import PackContent
from timeline.pack.paper import Paper

STYLESHEET = Path(__file__).with_name("pack.css")
CAPTION_MM = 9.0  # the line under the timeline, at A4; grows with the sheet
A4_FIGURE_WIDTH_PX = 1280  # 12 px chart type prints at about 7 pt on A4, 21 pt on A0
EVENT_HEADINGS = ("Date", "Until", "Agency", "Sector", "Kind", "Title", "People", "What happened")
INVOLVED_HEADINGS = ("Agency", "Sector", "Status", "Since", "Last contact", "What for", "People")
SECTIONS = (
    ("timeline", "The whole timeline"),
    ("cycles", "Revolving-door cycles"),
    ("description", "Text description"),
    ("missed", "Missed opportunities"),
    ("involved", "Who was involved"),
    ("events", "All events"),
)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that nothing in it can end (every other character
    hex-escaped, so neither a quote nor '</style>' survives as itself)."""
    # the space ends each escape and is consumed with it, so a real space after it survives
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def figure_area_mm(paper: Paper) -> tuple[float, float]:
    """The width and height the timeline is drawn into: the sheet less margins and caption."""
    width = paper.width_mm - 2 * paper.margin_mm
    height = paper.height_mm - 2 * paper.margin_mm - CAPTION_MM * paper.scale
    return width, height


def figure_pixels(paper: Paper, own_height: int) -> tuple[int, int]:
    """The chart's size in pixels, in the proportions of its area on the sheet, never shorter
    than the chart was built. Bigger sheets get a few more pixels (more room between events)
    but far fewer than their size, so a poster's words and marks read from across a room."""
    area_w, area_h = figure_area_mm(paper)
    width = round(A4_FIGURE_WIDTH_PX * math.sqrt(paper.scale))
    height = round(width * area_h / area_w)
    if height < own_height:
        height = own_height
        width = round(height * area_w / area_h)
    return width, height


def _page_css(content: PackContent) -> str:
    paper = content.paper
    footer = f"{content.journey.title} · {content.journey.provenance.value} · board pack"
    return (
        f"@page {{ size: {paper.width_mm}mm {paper.height_mm}mm; margin: {paper.margin_mm}mm;"
        f" @bottom-left {{ content: {css_string(footer)}; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } }\n'
        f":root {{ --scale: {paper.scale:.3f}; font-size: {paper.font_pt}pt; }}\n"
    )


def _table(headings: tuple[str, ...], rows: list[list[str]], caption: str, cls: str) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table class="{cls}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _cover(content: PackContent) -> str:
    journey = content.journey
    made = f"{display_date(content.made_at.date(), DatePrecision.DAY)}, {content.made_at:%H:%M} UTC"
    sensitive = (
        "Sensitive events are included, as the facilitator chose: handle this pack as sensitive."
        if content.include_sensitive
        else "Sensitive events are left out, as in presenter mode unless chosen."
    )
    facts = (
        ("Provenance", PROVENANCE_NOTES[journey.provenance]),
        ("Consent", content.consent_line),
        ("Made", made),
        ("Shown", describe_counts(journey) + f" · {plural(len(journey.events), 'event')}"),
        (
            "Left out",
            f"Restricted events and events hidden at a reviewer's request, always. {sensitive}",
        ),
    )
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    summary = f'<p class="summary">{escape(journey.summary)}</p>' if journey.summary else ""
    contents = "".join(f"<li>{escape(title)}</li>" for _, title in SECTIONS)
    return (
        '<section class="cover"><p class="kicker">Board pack</p>'
        f"<h1>{escape(journey.title)}</h1>"
        f'<p class="badge">{escape(journey.provenance.value)}</p>{summary}'
        f"<dl>{rows}</dl><h2>In this pack</h2><ol>{contents}</ol></section>"
    )


def _timeline(content: PackContent, svg: bytes) -> str:
    area_w, area_h = figure_area_mm(content.paper)
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    alt = f"Swimlane timeline of {content.journey.title}; the text description follows."
    caption = (
        f"The whole timeline on {content.paper.name}: one lane per agency, grouped by sector; "
        f"{plural(len(content.cycles), 'revolving-door cycle')} shaded. Its words follow."
    )
    return (
        '<section class="timeline" id="timeline">'
        f'<img src="{source}" alt="{escape(alt)}" '
        f'style="width: {area_w:.1f}mm; height: {area_h:.1f}mm">'
        f'<p class="caption">{escape(caption)}</p></section>'
    )


def _cycles(content: PackContent) -> str:
    parts = [f"<h2>Revolving-door cycles ({len(content.cycles)})</h2>"]
    if not content.cycles:
        parts.append("<p>No revolving-door cycles were found with the rules in force.</p>")
    items = []
    for cycle in content.cycles:
        meta = [display_span(cycle.start, cycle.end), ", ".join(cycle.people)]
        meta += ["high"] if cycle.severity == "high" else []
        meta += ["possible: depends on uncertain dates"] if cycle.certainty == "possible" else []
        items.append(
            f'<li><p class="cycle-label">{escape(cycle.label)}</p>'
            f'<p class="meta">{escape(" · ".join(meta))}</p>'
            f"<p>{escape(cycle.explanation)}</p></li>"
        )
    if items:
        parts.append(f'<ol class="cycles">{"".join(items)}</ol>')
    if content.not_counted:
        lines = "".join(f"<li>{escape(describe_not_counted(e))}</li>" for e in content.not_counted)
        parts.append(f"<p>{escape(NOT_COUNTED_HEADING)}</p><ul>{lines}</ul>")
    return f'<section id="cycles">{"".join(parts)}</section>'


def _description(content: PackContent) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in content.description.split("\n"))
    return f'<section id="description"><h2>Text description</h2>{lines}</section>'


def _missed(content: PackContent) -> str:
    if not content.missed:
        body = "<p>No missed opportunities were marked on the events in this pack.</p>"
    else:
        body = "".join(
            f'<li><p class="cycle-label">⚑ {escape(n.title)}</p>'
            f'<p class="meta">{escape(n.when)} · {escape(n.agency)}</p><p>{escape(n.text)}</p></li>'
            for n in content.missed
        )
        body = f'<ol class="cycles">{body}</ol>'
    heading = f"<h2>Missed opportunities ({len(content.missed)})</h2>"
    return f'<section id="missed">{heading}{body}</section>'


def _involved(content: PackContent) -> str:
    parts = [
        '<h2>Who was involved</h2><p class="meta">Agencies with an open support period on '
        "the date, or any contact in the 90 days before it.</p>"
    ]
    if not content.involved:
        parts.append("<p>This journey has no events to look at.</p>")
    for on, found in content.involved:
        when = display_date(on, DatePrecision.DAY)
        if not found:
            parts.append(f"<h3>On {escape(when)}</h3><p>No agency was involved then.</p>")
            continue
        opened = sum(item.is_open for item in found)
        caption = (
            f"On {when}: {plural(len(found), 'agency', 'agencies')}, {opened} with open support, "
            f"{len(found) - opened} with recent contact only"
        )
        rows = [
            [
                i.agency,
                i.sector,
                i.status.capitalize(),
                display_date(i.since, i.since_precision),
                display_date(i.last_contact, i.last_contact_precision),
                i.what_for,
                ", ".join(i.people),
            ]
            for i in found
        ]
        parts.append(_table(INVOLVED_HEADINGS, rows, caption, "involved"))
    return f'<section id="involved">{"".join(parts)}</section>'


def _events(content: PackContent) -> str:
    journey = content.journey
    rows = [
        [
            display_date(e.start, e.date_precision),
            display_date(e.end, e.date_precision) if e.end else "",
            e.agency,
            journey.agency(e.agency).sector,
            e.kind.label,
            e.title,
            ", ".join(e.people),
            e.description,
        ]
        for e in sorted(journey.events, key=lambda e: (e.start, e.id))
    ]
    caption = f"Events of {journey.title}, in date order"
    table = _table(EVENT_HEADINGS, rows, caption, "events")
    return f'<section id="events"><h2>All {len(rows)} events</h2>{table}</section>'


def build_pack_document(content: PackContent, svg: bytes) -> str:
    """The complete HTML page of the pack, its paper set by CSS, `svg` the timeline drawn."""
    title = f"{content.journey.title}: board pack"
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    body = "".join(
        (
            _cover(content),
            _timeline(content, svg),
            _cycles(content),
            _description(content),
            _missed(content),
            _involved(content),
            _events(content),
        )
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{escape(title)}</title>"
        f"<style>{_page_css(content)}{STYLESHEET.read_text(encoding='utf-8')}</style>"
        f"</head><body>{body}</body></html>"
    )
