"""QA review of flagged complaints: a persistent queue (SQLite or any SQLAlchemy URL) and a local web page.

Needs the ``review`` extra (sqlalchemy, starlette, uvicorn, jinja2); nothing here is imported by
``import voc``. The public names load lazily, so a missing extra fails at use with an install hint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voc.review.errors import AuthError, ReviewError, StaleUpdateError
    from voc.review.export import export_decisions, export_labels
    from voc.review.importer import import_result, read_result
    from voc.review.store import QueueFilter, ReviewStore

__all__ = [
    "AuthError",
    "QueueFilter",
    "ReviewError",
    "ReviewStore",
    "StaleUpdateError",
    "export_decisions",
    "export_labels",
    "import_result",
    "read_result",
]

_WHERE = {
    "AuthError": "voc.review.errors",
    "ReviewError": "voc.review.errors",
    "StaleUpdateError": "voc.review.errors",
    "QueueFilter": "voc.review.store",
    "ReviewStore": "voc.review.store",
    "export_decisions": "voc.review.export",
    "export_labels": "voc.review.export",
    "import_result": "voc.review.importer",
    "read_result": "voc.review.importer",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'voc.review' has no attribute {name!r}")
