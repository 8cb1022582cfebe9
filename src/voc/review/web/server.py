"""Run the review page with uvicorn, bound to the loopback address unless told otherwise."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable

from voc.errors import missing_dependency
from voc.review.errors import ReviewError
from voc.review.store import ReviewStore

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """A warning to print when the page would be reachable from other machines."""
    if is_loopback(host):
        return None
    return (
        f"the review page is bound to {host}: anyone who can reach this machine can try to log in, and traffic "
        "is not encrypted — prefer the default 127.0.0.1, or put it behind an HTTPS proxy"
    )


def allowed_hosts(host: str) -> list[str] | None:
    """Host headers the app accepts: the loopback names when bound locally (blocks DNS rebinding)."""
    if is_loopback(host):
        return ["127.0.0.1", "localhost"]
    return None


def serve(
    store: ReviewStore,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the page until interrupted.

    Arguments:
        store: an open review store.
        host: address to bind (default loopback only).
        port: TCP port.
        on_ready: called with the page's URL before serving starts (the CLI prints it).
    """
    try:
        import uvicorn
    except ImportError as exc:
        raise missing_dependency("uvicorn", "voc review serve", extra="review") from exc
    from voc.review.web.app import create_app

    if not store.reviewer_names():
        raise ReviewError("no reviewer accounts yet: add one with `voc review users add NAME --db …`, then serve")
    app = create_app(store, allowed_hosts=allowed_hosts(host))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if on_ready is not None:
        on_ready(f"http://{shown}:{port}/")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, server_header=False, proxy_headers=False)
    uvicorn.Server(config).run()
