"""The review web app against a real SQLite file: login, CSRF, escaping, stale updates, host and bind checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")

from starlette.testclient import TestClient  # noqa: E402

from voc.review.importer import import_result  # noqa: E402
from voc.review.store import ReviewStore  # noqa: E402
from voc.review.web.app import create_app  # noqa: E402
from voc.review.web.security import SESSION_COOKIE, SessionSigner  # noqa: E402

BASE = "http://127.0.0.1"
SCRIPT = "<script>alert('xss')</script>配件等了三周还没到"
IMG = '<img src=x onerror="alert(1)">工程师态度差，再不修就打12315'


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["C1", "C2", "C3"],
            "source_col": ["不满意的地方"] * 3,
            "text": [SCRIPT, IMG, "修了三次都没修好"],
            "sentiment": [-0.8, -0.7, -0.5],
            "sentiment_label": ["negative"] * 3,
            "emotion": ["anger", "", ""],
            "pain_points": ["parts_supply", "staff_attitude", "misdiagnosis"],
            "severity": [2, 2, 1],
            "escalate": [True, False, True],
            "flag_reasons": ["升级威胁: <b>投诉</b>", "升级威胁: 12315", "反复故障: 修了三次"],
            "topic_id": [0, 1, 1],
            "topic_label": ["<i>配件</i>", "态度", "返修"],
            "eci": [10.0, 20.0, 30.0],
            "pain_point_evidence": ['{"parts_supply": [{"clause": "配件等了三周还没到", "trigger": "等了三周"}]}', "", ""],
        }
    )
    frame.to_parquet(tmp_path / "run.parquet", index=False)
    s = ReviewStore(tmp_path / "review.db")
    import_result(s, tmp_path / "run.parquet")
    s.add_reviewer("王敏", "password123")
    s.add_reviewer("李强", "password456")
    yield s
    s.close()


def client_for(store: ReviewStore) -> TestClient:
    return TestClient(create_app(store), base_url=BASE)


def login(client: TestClient, name: str = "王敏", password: str = "password123") -> str:
    """Log in through the form; returns the session's CSRF token as the page shows it."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/?status=all").text)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def first_item(store: ReviewStore) -> dict:
    return store.list_items()[0][0]


# --- login required ----------------------------------------------------------------------------


def test_pages_and_actions_require_login(store: ReviewStore) -> None:
    client = client_for(store)
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    item = first_item(store)
    response = client.post(f"/items/{item['id']}/decision", json={"action": "confirm", "version": 1})
    assert response.status_code == 401
    response = client.post(f"/items/{item['id']}/decision", data={"action": "confirm", "version": "1"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert store.history(item["id"]) == []


def test_wrong_password_and_unknown_user_are_refused(store: ReviewStore) -> None:
    client = client_for(store)
    for name, password in (("王敏", "wrong-password"), ("nobody", "password123")):
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False)
        assert response.status_code == 401 and "用户名或密码错误" in response.text
        assert SESSION_COOKIE not in client.cookies
    assert client.get("/", follow_redirects=False).status_code == 303


def test_repeated_failures_block_further_logins(store: ReviewStore) -> None:
    client = client_for(store)
    for _ in range(5):
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"name": "王敏", "password": "guess-guess", "csrf_token": token})
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "王敏", "password": "password123", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 429 and "次数过多" in response.text
    assert SESSION_COOKIE not in client.cookies
    login(client, "李强", "password456")  # other accounts are unaffected


def test_forged_or_foreign_session_cookie_is_refused(store: ReviewStore, tmp_path: Path) -> None:
    client = client_for(store)
    client.cookies.set(SESSION_COOKIE, "eyJ1IjoiXHU3MzhiXHU2NTRmIn0.forged")
    assert client.get("/", follow_redirects=False).status_code == 303
    other = SessionSigner("another-secret").issue("王敏")[0]  # signed with the wrong secret
    client.cookies.set(SESSION_COOKIE, other)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_flags(store: ReviewStore) -> None:
    client = client_for(store)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "王敏", "password": "password123", "csrf_token": token}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


def test_logout_needs_csrf_and_ends_the_session(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


# --- CSRF --------------------------------------------------------------------------------------


def test_decision_without_or_with_wrong_csrf_token_is_refused(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    item = first_item(store)
    url = f"/items/{item['id']}/decision"
    assert client.post(url, json={"action": "confirm", "version": 1}).status_code == 403
    assert client.post(url, json={"action": "confirm", "version": 1}, headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    response = client.post(url, data={"action": "confirm", "version": "1", "csrf_token": "nope"}, follow_redirects=False)
    assert response.status_code == 403 and "CSRF" in response.text
    # a token from another session does not work either
    other = client_for(store)
    other_csrf = login(other, "李强", "password456")
    assert other_csrf != csrf
    assert client.post(url, json={"action": "confirm", "version": 1}, headers={"X-CSRF-Token": other_csrf}).status_code == 403
    assert store.history(item["id"]) == [] and store.get_item(item["id"])["version"] == 1


def test_cross_origin_post_is_refused_even_with_the_token(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    item = first_item(store)
    response = client.post(
        f"/items/{item['id']}/decision", json={"action": "confirm", "version": 1},
        headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    assert store.history(item["id"]) == []


def test_login_form_needs_its_csrf_token(store: ReviewStore) -> None:
    client = client_for(store)
    client.get("/login")
    response = client.post("/login", data={"name": "王敏", "password": "password123"}, follow_redirects=False)
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_valid_token_saves_the_decision(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    item = first_item(store)
    response = client.post(f"/items/{item['id']}/decision", json={"action": "confirm", "version": 1, "note": "已核实"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["item"]["status"] == "confirmed" and body["item"]["version"] == 2
    assert body["history"][0]["reviewer"] == "王敏" and body["history"][0]["note"] == "已核实"
    # the plain-form path (no JavaScript) works too and redirects back to a local page only
    response = client.post(
        f"/items/{item['id']}/decision",
        data={"action": "assign", "assignee": "李强", "version": "2", "csrf_token": csrf, "back": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert store.get_item(item["id"])["assignee"] == "李强"


# --- escaping ----------------------------------------------------------------------------------


def test_complaint_text_is_escaped_everywhere(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    for item in store.list_items()[0]:
        html = client.get(f"/?status=all&item={item['id']}").text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>投诉</b>" not in html and "<i>配件</i>" not in html
        assert "onerror=" not in html or "onerror=&#34;" in html
    html = client.get(f"/?status=all&item={store.list_items()[0][0]['id']}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    # evidence highlighting wraps escaped text, never raw markup
    assert '<mark class="trigger" title="parts_supply">等了三周</mark>' in html
    # a note with markup, and a search term reflected into the page, are escaped too
    item = first_item(store)
    client.post(f"/items/{item['id']}/decision", json={"action": "note", "version": 1, "note": "<svg onload=alert(1)>"}, headers={"X-CSRF-Token": csrf})
    html = client.get(f"/?status=all&item={item['id']}&q=%3Cscript%3Ex").text
    assert "<svg" not in html and "&lt;svg onload=alert(1)&gt;" in html
    assert 'value="&lt;script&gt;x"' in html


def test_pages_carry_a_strict_content_security_policy(store: ReviewStore) -> None:
    client = client_for(store)
    login(client)
    for path in ("/login", "/?status=all", "/static/app.js", "/healthz"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    html = client.get("/?status=all").text
    # every script is an external file from this server (the policy forbids inline code)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert " style=" not in html and "<style" not in html and "http://" not in html and "https://" not in html


def test_pii_stays_masked_in_the_page(store: ReviewStore, tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"id": ["P1"], "source_col": ["不满意的地方"], "text": ["电话[电话]，太慢了"], "severity": [2], "escalate": [True], "row": [0]})
    frame.to_parquet(tmp_path / "pii.parquet", index=False)
    pd.DataFrame({"不满意的地方": ["电话13812345678，太慢了"], "备注": ["邮箱 a.b@example.com"]}).to_csv(tmp_path / "s.csv", index=False)
    import_result(store, tmp_path / "pii.parquet", survey=tmp_path / "s.csv")
    client = client_for(store)
    login(client)
    item = next(i for i in store.list_items()[0] if i["respondent_id"] == "P1")
    html = client.get(f"/?status=all&item={item['id']}").text
    assert "13812345678" not in html and "a.b@example.com" not in html and "[邮箱]" in html


# --- stale updates -----------------------------------------------------------------------------


def test_stale_update_is_refused_with_a_clear_message(store: ReviewStore) -> None:
    first, second = client_for(store), client_for(store)
    csrf1, csrf2 = login(first), login(second, "李强", "password456")
    item = first_item(store)
    url = f"/items/{item['id']}/decision"
    assert first.post(url, json={"action": "confirm", "version": 1}, headers={"X-CSRF-Token": csrf1}).status_code == 200
    response = second.post(url, json={"action": "false_alarm", "version": 1}, headers={"X-CSRF-Token": csrf2})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale" and body["current_version"] == 2 and "王敏" in body["message"] and "未保存" in body["message"]
    # without JavaScript: the page is shown again with the message, nothing is overwritten
    response = second.post(url, data={"action": "false_alarm", "version": "1", "csrf_token": csrf2}, follow_redirects=False)
    assert response.status_code == 409 and "你的操作未保存" in response.text
    assert store.get_item(item["id"])["status"] == "confirmed"
    assert [h["reviewer"] for h in store.history(item["id"])] == ["王敏"]


def test_bad_requests_get_400(store: ReviewStore) -> None:
    client = client_for(store)
    csrf = login(client)
    item = first_item(store)
    url = f"/items/{item['id']}/decision"
    headers = {"X-CSRF-Token": csrf}
    assert client.post(url, json={"action": "drop_table", "version": 1}, headers=headers).status_code == 400
    assert client.post(url, json={"action": "confirm"}, headers=headers).status_code == 400
    assert client.post(url, json={"action": "assign", "assignee": "nobody", "version": 1}, headers=headers).status_code == 400
    assert client.post("/items/99999/decision", json={"action": "confirm", "version": 1}, headers=headers).status_code == 400
    assert client.post(url, content=b"[1,2]", headers={**headers, "content-type": "application/json"}).status_code == 400


# --- queue page --------------------------------------------------------------------------------


def test_queue_is_sorted_and_filtered(store: ReviewStore) -> None:
    client = client_for(store)
    login(client)
    html = client.get("/?status=all").text
    order = re.findall(r'<li class="[^"]*" data-id="(\d+)"', html)
    ids = [i["id"] for i in store.list_items()[0]]
    assert [int(x) for x in order] == ids
    # escalated first (C1, C3), then the severe unescalated one (C2)
    assert [i["respondent_id"] for i in store.list_items()[0]] == ["C1", "C3", "C2"]
    html = client.get("/?status=all&pain=misdiagnosis").text
    assert len(re.findall(r'data-id="\d+"', html)) == 2  # one list entry + the detail article
    assert "修了三次都没修好" in html
    assert "共 0 条" in client.get("/?status=confirmed").text
    assert client.get("/?status=bogus").status_code == 400


# --- host and bind address ---------------------------------------------------------------------


def test_unknown_host_header_is_refused(store: ReviewStore) -> None:
    client = TestClient(create_app(store), base_url="http://evil.example")
    assert client.get("/login").status_code == 400


def test_serve_binds_to_loopback_by_default() -> None:
    import inspect

    from voc.review.web.server import DEFAULT_HOST, allowed_hosts, bind_warning, serve
    from voc_cli.review import serve as serve_command

    assert DEFAULT_HOST == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve_command).parameters["host"].default == "127.0.0.1"
    assert bind_warning("127.0.0.1") is None and bind_warning("localhost") is None
    assert "0.0.0.0" in (bind_warning("0.0.0.0") or "")
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]


def test_served_socket_listens_on_loopback_only(store: ReviewStore) -> None:
    """Start the real server with the default host and check the bound address."""
    import socket
    import threading
    import time

    import uvicorn

    from voc.review.web.server import allowed_hosts

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store, allowed_hosts=allowed_hosts("127.0.0.1")), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        bound = {s.getsockname()[0] for srv in server.servers for s in srv.sockets}
        assert bound == {"127.0.0.1"}
    finally:
        server.should_exit = True
        thread.join(timeout=20)
