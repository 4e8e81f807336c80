"""The PDF of a guideline document, made by LibreOffice (`soffice --headless --convert-to pdf`).

Each conversion runs with its own throw-away LibreOffice profile, so it neither waits for
nor disturbs a LibreOffice the user has open, and two conversions can run side by side.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from exodossier.errors import UserError, error

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 600


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice(target: Path) -> str:
    found = find_soffice()
    if found is None:
        raise UserError([error(str(target), 0, 0, "pdf-converter-missing",
                               "the PDF is made by LibreOffice, which is not installed (no soffice on PATH)",
                               hint="install LibreOffice, or leave out --pdf and open the .docx instead")])
    return found


def docx_to_pdf(soffice: str, docx: bytes, target: Path) -> bytes:
    """The PDF bytes LibreOffice makes of `docx` (named after `target` inside the PDF)."""
    return convert_many(soffice, [(docx, target)])[0]


def convert_many(soffice: str, documents: list[tuple[bytes, Path]]) -> list[bytes]:
    """PDFs of several documents from one LibreOffice start (starting it costs more than a conversion)."""
    with tempfile.TemporaryDirectory(prefix="exodossier-pdf-") as folder:
        work = Path(folder)
        sources = []
        for index, (docx, target) in enumerate(documents):
            source = work / "in" / str(index) / (target.stem + ".docx")
            source.parent.mkdir(parents=True)
            source.write_bytes(docx)
            sources.append(source)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), *map(str, sources)]
        first = documents[0][1]
        if len({source.stem for source in sources}) < len(sources):
            raise UserError([error(str(first), 0, 0, "usage", "two documents to convert have the same name")],
                            exit_code=2)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise UserError([error(str(first), 0, 0, "pdf-conversion-failed",
                                   f"LibreOffice did not finish within {TIMEOUT_SECONDS} s")]) from None
        produced = [work / "out" / (source.stem + ".pdf") for source in sources]
        missing = [target for (_, target), pdf in zip(documents, produced) if not pdf.is_file()]
        if done.returncode != 0 or missing:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise UserError([error(str(target), 0, 0, "pdf-conversion-failed",
                                   "LibreOffice could not convert the document" + (f": {detail[-1]}" if detail else ""))
                             for target in missing or [first]])
        return [pdf.read_bytes() for pdf in produced]
