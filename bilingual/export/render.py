"""Look at the editions: HTML pages through headless Chromium, the EPUB through calibre + pdftoppm, to PNG.

Needs Debian's chromium, calibre (ebook-convert) and poppler-utils (pdftoppm); none is a Python dependency.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bilingual.errors import BilingualError

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]


class RenderError(BilingualError):
    pass


def missing(*names: str) -> list[str]:
    """The tools of names that are not installed."""
    return [name for name in names if not shutil.which(name)]


def require(*names: str) -> None:
    """Fail at once, naming every missing tool, before a command writes anything."""
    if lacking := missing(*names):
        raise RenderError(f"{', '.join(lacking)}: not installed (Debian: apt-get install chromium calibre "
                          "poppler-utils)")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise RenderError(f"{name} is not installed (Debian: apt-get install chromium calibre poppler-utils)")
    return path


def html_to_png(page: Path, png: Path, width: int, height: int = 1400) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [_tool("chromium"), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
             f"--screenshot={png}", Path(page).resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    return png


def epub_to_png(book: Path, png_prefix: Path, pages: str = "1-3", width_cm: float = 9.0,
                height_cm: float = 12.0) -> list[Path]:
    """Render the first pages of an EPUB as an e-reader-sized PDF, then to PNGs (grey, like e-ink)."""
    first, _, last = pages.partition("-")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "book.pdf"
        subprocess.run(
            [_tool("ebook-convert"), str(book), str(pdf), "--custom-size", f"{width_cm}x{height_cm}",
             "--unit", "centimeter", "--pdf-page-margin-left", "20", "--pdf-page-margin-right", "20",
             "--pdf-page-margin-top", "20", "--pdf-page-margin-bottom", "20"],
            check=True, capture_output=True, timeout=600,
            # calibre renders PDF with Qt WebEngine (Chromium), which refuses to run as root with a sandbox
            env={**os.environ, "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox", "QT_QPA_PLATFORM": "offscreen"},
        )
        subprocess.run(
            [_tool("pdftoppm"), "-png", "-gray", "-r", "110", "-f", first, "-l", last or first, str(pdf),
             str(png_prefix)],
            check=True, capture_output=True, timeout=300,
        )
    return sorted(png_prefix.parent.glob(png_prefix.name + "*.png"))


def side_by_side(pngs: list[Path], out: Path, gap: int = 16) -> Path:
    """One strip of page images, for a README: like a row of e-reader screens."""
    from PIL import Image

    images = [Image.open(p).convert("L") for p in pngs]
    height = max(i.height for i in images)
    strip = Image.new("L", (sum(i.width for i in images) + gap * (len(images) - 1), height), 200)
    x = 0
    for image in images:
        strip.paste(image, (x, 0))
        x += image.width + gap
    strip.save(out, optimize=True)
    return out
