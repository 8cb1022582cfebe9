"""Locate the data files voc ships (``corpora/``, ``models/``) in a checkout and in an installed wheel.

In a source checkout (editable install) they sit at the repository root; a wheel carries them
inside the package as ``voc/_data/``. Code asks for a resource by its relative path and never
needs to know which case it is in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from voc.errors import VocError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _root(kind: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / kind
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise VocError(
        f"voc's {kind}/ directory was not found (looked in {installed} and {checkout}); "
        "reinstall voc"
    )


def corpus_path(*parts: str) -> Path:
    """Path of a file under ``corpora/`` (lexicons, dictionaries, taxonomy, demo data)."""
    return _root("corpora").joinpath(*parts)


def model_path(*parts: str) -> Path:
    """Path of a file or directory under ``models/`` (shipped, trained models)."""
    return _root("models").joinpath(*parts)
