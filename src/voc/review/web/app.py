"""The review web app (Starlette): login, the queue page, and one endpoint that records decisions.

Server-rendered HTML with autoescaping everywhere plus one small script served from ``/static``; no
inline script or style, so the Content-Security-Policy can forbid them.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from voc.errors import missing_dependency
from voc.review.errors import ReviewError, StaleUpdateError
from voc.review.evidence import highlight, parse_evidence, parse_reasons
from voc.review.store import ACTIONS, STATUSES, QueueFilter, ReviewStore
from voc.review.web import labels as L
from voc.review.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_COOKIE,
    SECURITY_HEADERS,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    LoginThrottle,
    Session,
    SessionSigner,
    safe_back,
    tokens_match,
)

try:
    import jinja2
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import (
        HTMLResponse,
        JSONResponse,
        PlainTextResponse,
        RedirectResponse,
        Response,
    )
    from starlette.routing import Route
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_dependency(exc.name or "starlette", "the QA review page", extra="review") from exc

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 100
MAX_BODY_BYTES = 64 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost")
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_FILTER_KEYS = ("status", "pain", "segment", "from", "to", "reviewer", "q")

Handler = Callable[[Request], Awaitable[Response]]


class SecurityHeaders:
    """Add the security headers to every response (pages, JSON, errors and static files alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: ReviewStore, allowed_hosts: Sequence[str] | None = LOCAL_HOSTS, secure_cookies: bool = False) -> Starlette:
    """Build the app around an open store.

    Arguments:
        store: the review store.
        allowed_hosts: Host headers accepted (guards against DNS rebinding); None accepts any.
        secure_cookies: mark cookies ``Secure`` (when served behind HTTPS).
    """
    signer = SessionSigner(store.session_secret())
    throttle = LoginThrottle()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every {{ }} is HTML-escaped: complaint text can never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(status_zh=L.status_zh, pain_zh=L.pain_zh, L=L, STATUSES=STATUSES)
    env.filters["local_time"] = L.local_time
    statics = {name: (HERE / "static" / name).read_bytes() for name in ("app.js", "app.css")}

    def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context), status_code=status_code)

    def current(request: Request) -> Session | None:
        return signer.read(request.cookies.get(SESSION_COOKIE))

    async def active(request: Request) -> Session | None:
        session = current(request)
        if session is not None and session.reviewer not in await run_in_threadpool(store.reviewer_names):
            return None  # account removed or disabled since the cookie was issued
        return session

    def set_cookie(response: Response, key: str, value: str, max_age: int) -> None:
        response.set_cookie(key, value, max_age=max_age, path="/", httponly=True, samesite="strict", secure=secure_cookies)

    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None or origin == "null":
            return origin is None
        return origin.rstrip("/") == f"{request.url.scheme}://{request.headers.get('host', '')}"

    async def read_form(request: Request) -> dict[str, str]:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise ReviewError("request too large")
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ReviewError("expected a JSON object")
            return {str(k): "" if v is None else str(v) for k, v in data.items()}
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        return {k: v[-1] for k, v in parsed.items()}

    # --- login ------------------------------------------------------------------------------------

    async def login_page(request: Request) -> Response:
        token = secrets.token_urlsafe(32)
        response = render("login.html", csrf=token, error="", name="")
        set_cookie(response, LOGIN_COOKIE, token, 600)
        return response

    async def login(request: Request) -> Response:
        form = await read_form(request)
        # Login CSRF: the form's token must match the cookie set with the form (double submit).
        if not same_origin(request) or not tokens_match(request.cookies.get(LOGIN_COOKIE), form.get(CSRF_FIELD)):
            return render("error.html", status_code=403, message="登录请求无效（CSRF 校验失败），请重新打开登录页。")
        name, password = form.get("name", "").strip(), form.get("password", "")
        if throttle.blocked(name):
            error, status_code = "登录失败次数过多，请 5 分钟后再试。", 429
        elif not await run_in_threadpool(store.authenticate, name, password):
            throttle.failed(name)
            error, status_code = "用户名或密码错误。", 401
        else:
            error, status_code = "", 200
        if error:
            token = secrets.token_urlsafe(32)
            refused = render("login.html", status_code=status_code, csrf=token, error=error, name=name)
            set_cookie(refused, LOGIN_COOKIE, token, 600)
            return refused
        throttle.succeeded(name)
        cookie, _ = signer.issue(name)
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, SESSION_COOKIE, cookie, SESSION_MAX_AGE)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        logger.info("reviewer %s logged in", name)
        return response

    async def logout(request: Request) -> Response:
        session = current(request)
        form = await read_form(request)
        if session is None or not tokens_match(session.csrf, form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)):
            return render("error.html", status_code=403, message="退出请求无效（CSRF 校验失败）。")
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # --- queue ------------------------------------------------------------------------------------

    async def queue(request: Request) -> Response:
        session = await active(request)
        if session is None:
            return RedirectResponse("/login", status_code=303)
        return await run_in_threadpool(_queue_page, request, session, "", 200)

    def _queue_page(request: Request, session: Session, error: str, status_code: int) -> Response:
        params = request.query_params
        filters = QueueFilter(
            status=params.get("status", "open"),
            pain_point=params.get("pain", ""),
            segment=params.get("segment", ""),
            date_from=params.get("from", ""),
            date_to=params.get("to", ""),
            reviewer=params.get("reviewer", ""),
            search=params.get("q", "").strip(),
        )
        page = max(1, _int(params.get("page"), 1))
        try:
            items, total = store.list_items(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        except ReviewError as exc:
            return render("error.html", status_code=400, message=str(exc))
        selected_id = _int(params.get("item"), 0)
        selected = None
        if selected_id:
            try:
                selected = store.get_item(selected_id)
            except ReviewError:
                selected = None
        if selected is None and items:
            selected = items[0]
        keep = {k: params[k] for k in _FILTER_KEYS if params.get(k)}
        position = next((i for i, it in enumerate(items) if selected and it["id"] == selected["id"]), -1)
        return render(
            "queue.html",
            status_code=status_code,
            session=session,
            reviewer=session.reviewer,
            csrf=session.csrf,
            error=error,
            items=items,
            total=total,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            filters=filters,
            facets=store.facets(),
            counts=store.counts(),
            selected=_detail(store, selected) if selected else None,
            next_id=items[position + 1]["id"] if 0 <= position < len(items) - 1 else None,
            prev_id=items[position - 1]["id"] if position > 0 else None,
            query=lambda **extra: "/?" + urlencode({**keep, **{k: v for k, v in extra.items() if v is not None}}),
            back="/?" + urlencode({**keep, "item": selected["id"]}) if selected else "/",
        )

    # --- decisions --------------------------------------------------------------------------------

    async def decide(request: Request) -> Response:
        wants_json = request.headers.get("content-type", "").startswith("application/json")
        session = await active(request)
        if session is None:
            if wants_json:
                return JSONResponse({"ok": False, "error": "login", "message": "登录已失效，请重新登录。"}, status_code=401)
            return RedirectResponse("/login", status_code=303)
        try:
            form = await read_form(request)
        except (ReviewError, ValueError):
            return _fail(wants_json, 400, "bad_request", "请求格式无效。")
        token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        if not same_origin(request) or not tokens_match(session.csrf, token):
            return _fail(wants_json, 403, "csrf", "请求被拒绝：CSRF 校验失败，请刷新页面后重试。")
        item_id = _int(request.path_params.get("item_id"), 0)
        action = form.get("action", "")
        version = _int(form.get("version"), -1)
        if action not in ACTIONS or version < 1:
            return _fail(wants_json, 400, "bad_request", "未知操作或缺少版本号。")
        try:
            item = await run_in_threadpool(
                store.decide, item_id, action, session.reviewer, version, form.get("note", ""), form.get("assignee")
            )
        except StaleUpdateError as exc:
            if wants_json:
                return JSONResponse(
                    {"ok": False, "error": "stale", "message": exc.message_zh, "current_version": exc.current}, status_code=409
                )
            return await run_in_threadpool(_queue_page, request, session, exc.message_zh, 409)
        except ReviewError as exc:
            return _fail(wants_json, 400, "bad_request", str(exc))
        if wants_json:
            history = await run_in_threadpool(store.history, item_id)
            return JSONResponse({"ok": True, "item": _public(item), "history": [_history_row(h) for h in history]})
        return RedirectResponse(safe_back(form.get("back")), status_code=303)

    def _fail(wants_json: bool, status_code: int, code: str, message: str) -> Response:
        if wants_json:
            return JSONResponse({"ok": False, "error": code, "message": message}, status_code=status_code)
        return render("error.html", status_code=status_code, message=message)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in statics:
            return PlainTextResponse("not found", status_code=404)
        return Response(statics[name], media_type=_STATIC_TYPES[Path(name).suffix])

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", queue, methods=["GET"]),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/items/{item_id:int}/decision", decide, methods=["POST"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    return Starlette(routes=routes, middleware=middleware)


def _detail(store: ReviewStore, item: dict[str, Any]) -> dict[str, Any]:
    """Everything the detail pane shows, as plain values (the template escapes them)."""
    evidence = parse_evidence(item["evidence_json"])
    reasons = parse_reasons(item["flag_reasons"])
    respondent = _loads(item["respondent_json"])
    pain_list = [p for p in item["pain_points"].split(";") if p]
    by_code = {e.code: e for e in evidence}
    pain_rows = [(code, by_code.get(code)) for code in pain_list] + [(e.code, e) for e in evidence if e.code not in pain_list]
    return {
        **item,
        "segments": highlight(item["text"], evidence + reasons),
        "evidence": evidence,
        "reasons": reasons,
        "pain_rows": pain_rows,
        "details": _loads(item["details_json"]),
        "scores": respondent.get("scores", {}),
        "respondent_segments": respondent.get("segments", {}),
        "answers": respondent.get("answers", {}),
        "history": [_history_row(h) for h in store.history(item["id"])],
    }


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "status": item["status"],
        "status_zh": L.status_zh(item["status"]),
        "assignee": item["assignee"],
        "version": item["version"],
        "updated_by": item["updated_by"],
        "updated_at": L.local_time(item["updated_at"]),
    }


def _history_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "at": L.local_time(row["at"]),
        "reviewer": row["reviewer"],
        "action": row["action"],
        "action_zh": L.ACTION_ZH.get(row["action"], row["action"]),
        "prev_status_zh": L.status_zh(row["prev_status"]),
        "new_status_zh": L.status_zh(row["new_status"]),
        "assignee": row["new_assignee"],
        "note": row["note"],
        "version": row["new_version"],
    }


def _loads(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
