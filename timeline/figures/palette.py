"""Sector colours and provider-type symbols: colour-blind-safe, and never the only cue."""

from __future__ import annotations

from schemas import RECOMMENDED_SECTORS, ProviderType

# Paul Tol's colour-blind-safe "muted" scheme for the Coventry chart's nine sectors, then his
# "dark" and "medium-contrast" tones for the rest; lanes are also grouped and labelled by sector.
_SECTOR_COLOURS = (
    "#332288",  # Housing: indigo
    "#117733",  # Money: green
    "#44AA99",  # Advice: teal
    "#88CCEE",  # Training: cyan
    "#CC6677",  # Health: rose
    "#222255",  # Police: dark blue
    "#882255",  # Fire: wine
    "#DDCC77",  # Food: sand
    "#AA4499",  # Social: purple
    "#999933",  # Justice: olive
    "#225555",  # Probation: dark cyan
    "#6699CC",  # Mental health: medium blue
    "#EE8866",  # Substance misuse: orange
    "#994455",  # Domestic abuse: dark red
    "#BBCC33",  # Education: pear
    "#004488",  # Employment: blue
)
SECTOR_COLOURS: dict[str, str] = dict(zip(RECOMMENDED_SECTORS, _SECTOR_COLOURS, strict=True))
# Other sector names cycle through Tol's "light" scheme, in order of first appearance.
_OTHER_COLOURS = ("#77AADD", "#EEDD88", "#FFAABB", "#99DDFF", "#AAAA00", "#BBCCEE", "#DDDDDD")

PROVIDER_SYMBOLS: dict[ProviderType, tuple[str, str]] = {
    # provider type: (plotly marker symbol, the same shape as a text glyph for lane labels)
    ProviderType.PUBLIC: ("circle", "●"),
    ProviderType.VOLUNTARY: ("diamond", "◆"),
    ProviderType.PRIVATE: ("square", "■"),
    ProviderType.UNKNOWN: ("circle-open", "○"),
}


def sector_order_key(sector: str, first_seen: dict[str, int]) -> tuple[int, int]:
    """Recommended sectors in their display order, then others in order of first appearance."""
    if sector in SECTOR_COLOURS:
        return (0, RECOMMENDED_SECTORS.index(sector))
    return (1, first_seen.get(sector, 0))


def sector_colours(sectors: list[str]) -> dict[str, str]:
    """A colour for each sector: fixed for recommended ones, cycling for the others."""
    colours: dict[str, str] = {}
    others = 0
    for sector in sectors:
        if sector in SECTOR_COLOURS:
            colours[sector] = SECTOR_COLOURS[sector]
        else:
            colours[sector] = _OTHER_COLOURS[others % len(_OTHER_COLOURS)]
            others += 1
    return colours
