"""Private venvs for the anchor tools, so their dependencies never mix with ours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def private_tool(venv: Path, requirement: str, executable: str) -> Path:
    """The executable of a private venv holding `requirement` (pip from PyPI), created on first use."""
    path = venv / "bin" / executable
    if not path.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", requirement], check=True)
    return path
