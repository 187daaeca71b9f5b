"""Data shipped with Vartio (translations, agreement texts, fonts, logos) and where it is."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a file below resources/."""
    return ROOT.joinpath(*parts)
