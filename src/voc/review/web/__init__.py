"""The review web page: a Starlette app over a :class:`~voc.review.store.ReviewStore`, served by uvicorn."""

from __future__ import annotations

from voc.review.web.server import bind_warning, serve

__all__ = ["bind_warning", "serve"]
