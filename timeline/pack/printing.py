"""Print an HTML document to PDF with the system Chromium (the one that draws image exports).

Chromium's own print engine lays the pack out: CSS paged media (@page size and margins, page
breaks, page numbers in the page-margin boxes) is honoured by `--print-to-pdf`, SVG stays
vector, and nothing new needs installing. The document is our own, every user text in it
escaped, and its Content-Security-Policy lets nothing run or load.
"""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - runs only the Chromium named by BROWSER_PATH or found on PATH
import tempfile
from pathlib import Path

from timeline.figures.image import INSTALL_HINT, ImageExportError, find_browser

PRINT_TIMEOUT_S = 120.0
CHROMIUM_FLAGS = (
    "--headless",
    # As for kaleido's image exports: a container running as root cannot start the sandbox.
    # What Chromium opens here is our own file, its CSP allowing no script and no fetch.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",  # the pack draws its own page numbers (CSS page-margin boxes)
)


class PackPrintError(ImageExportError):
    """The pack could not be printed: no Chromium, or Chromium failed."""


def print_to_pdf(document: str, *, timeout: float = PRINT_TIMEOUT_S) -> bytes:
    """The PDF Chromium prints from `document` (a complete HTML page, paper set by its CSS)."""
    browser = find_browser()
    if browser is None or not os.access(browser, os.X_OK):
        raise PackPrintError(
            f"No browser to print the board pack with ({browser}): {INSTALL_HINT}."
        )
    with tempfile.TemporaryDirectory(prefix="touchpoints-pack-") as folder:
        page, pdf = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        page.write_text(document, encoding="utf-8")
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",  # never the user's own profile
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
                command, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PackPrintError(
                f"{browser} did not finish printing the board pack in {timeout:.0f} s"
            ) from None
        except OSError as error:
            raise PackPrintError(f"Could not start {browser} ({error}); {INSTALL_HINT}.") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = said[-1] if said else f"exit code {done.returncode}"
            raise PackPrintError(f"{browser} could not print the board pack ({reason}).")
        return pdf.read_bytes()
