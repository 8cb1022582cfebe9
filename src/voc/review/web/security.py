"""Sessions, CSRF tokens and response headers for the review page.

A session is a signed cookie (HMAC-SHA256 with a secret kept in the review store) holding the
reviewer's name, when they logged in and a random CSRF token. Every state-changing request must send
that token back (form field or ``X-CSRF-Token`` header); a cross-site page can make the browser send
the cookie, but cannot read the token. The cookie is also ``SameSite=Strict`` and ``HttpOnly``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

SESSION_COOKIE = "voc_review_session"
LOGIN_COOKIE = "voc_review_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 3600

#: No inline script or style anywhere, so the policy can forbid both: injected markup cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # not "no-referrer": with it Chromium sends "Origin: null" on form posts, which the origin check refuses
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class Session:
    """A logged-in reviewer."""

    reviewer: str
    issued: int
    csrf: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Make and check session cookies with one secret."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(("voc-review-session:" + secret).encode("utf-8")).digest()

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, reviewer: str) -> tuple[str, Session]:
        """A new cookie value (and its session) for ``reviewer``, with a fresh CSRF token."""
        session = Session(reviewer=reviewer, issued=int(time.time()), csrf=secrets.token_urlsafe(32))
        payload = _b64(json.dumps({"u": session.reviewer, "t": session.issued, "c": session.csrf}).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}", session

    def read(self, cookie: str | None) -> Session | None:
        """The session in ``cookie``, or None when missing, forged, malformed or expired."""
        if not cookie or "." not in cookie:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
            session = Session(reviewer=str(data["u"]), issued=int(data["t"]), csrf=str(data["c"]))
        except (ValueError, KeyError, TypeError):
            return None
        if not 0 <= time.time() - session.issued <= SESSION_MAX_AGE:
            return None
        return session


class LoginThrottle:
    """Refuse further logins for a name after repeated failures (slows password guessing).

    In memory and per process: enough for a page on 127.0.0.1; a restart clears it.
    """

    def __init__(self, max_failures: int = 5, window_s: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, list[float]] = {}

    def _recent(self, name: str) -> list[float]:
        now = time.monotonic()
        recent = [t for t in self._failures.get(name, []) if now - t < self.window_s]
        self._failures[name] = recent
        return recent

    def blocked(self, name: str) -> bool:
        """True while ``name`` has too many recent failures."""
        return len(self._recent(name)) >= self.max_failures

    def failed(self, name: str) -> None:
        """Record a failed attempt."""
        self._recent(name).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        """Forget the failures of a successful login."""
        self._failures.pop(name, None)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison that refuses empty tokens."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def safe_back(path: str | None) -> str:
    """A local path to return to after a form post (never another site)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
