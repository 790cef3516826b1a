"""Read the text of a generated PDF back, for tests that check its numbers."""

import shutil
import subprocess
from pathlib import Path


def pdf_text(content: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    """Return the text of the PDF ``content`` as pdftotext reads it; with
    ``layout``, table columns stay on one line."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext missing: run scripts/setup.sh --test"
    path = tmp_path / "dokumen.pdf"
    path.write_bytes(content)
    options = ["-layout"] if layout else []
    # The file was written by the test itself and is the only argument.
    result = subprocess.run(  # noqa: S603
        [pdftotext, *options, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
