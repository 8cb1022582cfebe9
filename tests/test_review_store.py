"""The review store: migrations, import identity, decisions with optimistic concurrency, crash safety, export."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("sqlalchemy")

from typer.testing import CliRunner  # noqa: E402

from voc.review.errors import AuthError, ReviewError, ReviewInputError, StaleUpdateError  # noqa: E402
from voc.review.export import export_decisions, export_labels, labels_table  # noqa: E402
from voc.review.importer import flagged_mask, import_result, item_key, read_result  # noqa: E402
from voc.review.passwords import hash_password, verify_password  # noqa: E402
from voc.review.store import QueueFilter, ReviewStore  # noqa: E402

EVIDENCE = json.dumps({"parts_supply": [{"clause": "配件等了三周还没到，", "trigger": "等了三周"}]}, ensure_ascii=False)


def result_frame() -> pd.DataFrame:
    """A small analysis result: 3 flagged comments (escalate / severity 2 / mismatch) and 1 not flagged."""
    return pd.DataFrame(
        {
            "id": ["C1", "C2", "C3", "C4"],
            "source_col": ["不满意的地方"] * 4,
            "text": ["配件等了三周还没到，再不修就打12315投诉", "<script>alert(1)</script>工程师态度差", "打了五分但是修了三次都没修好", "工程师很专业"],
            "sentiment": [-0.8, -0.6, -0.4, 0.9],
            "sentiment_label": ["negative", "negative", "negative", "positive"],
            "emotion": ["anger", "anger", "", ""],
            "pain_points": ["parts_supply;response_delay", "staff_attitude", "misdiagnosis", ""],
            "severity": [2, 1, 1, 0],
            "escalate": [True, True, False, False],
            "flag_reasons": ["升级威胁: 12315", "明显不满: 态度差", "score_mismatch", ""],
            "topic_id": [0, 1, 1, 2],
            "topic_label": ["配件", "态度", "态度", "好评"],
            "eci": [10.0, 20.0, 30.0, 80.0],
            "pain_point_evidence": [EVIDENCE, "", "", ""],
            "sentiment_explanation": ["lexicon", "lexicon", "lexicon", "lexicon"],
            "row": [0, 1, 2, 3],
        }
    )


def survey_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "客户编号": ["C1", "C2", "C3", "C4"],
            "不满意的地方": result_frame()["text"],
            "改进建议": ["联系我 13812345678", "", "", ""],
            "总体满意度": [1, 2, 5, 5],
            "区域": ["华东", "华南", "华东", "华北"],
            "提交日期": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"],
        }
    )


def write_result(directory: Path, frame: pd.DataFrame | None = None, name: str = "run.parquet") -> Path:
    """Write a result table as ``voc analyze --format parquet`` does, with its config and survey."""
    frame = result_frame() if frame is None else frame
    survey = directory / "survey.csv"
    survey_frame().to_csv(survey, index=False)
    path = directory / name
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif path.suffix == ".csv":
        frame.assign(escalate=frame["escalate"].map({True: "true", False: "false"})).to_csv(path, index=False, encoding="utf-8-sig")
    config = {"input": str(survey), "text_cols": ["不满意的地方", "改进建议"], "score_cols": ["总体满意度"], "id_col": "客户编号",
              "segment_cols": ["区域"], "date_col": "提交日期"}
    path.with_name(path.name + ".config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    s = ReviewStore(tmp_path / "review.db")
    yield s
    s.close()


@pytest.fixture
def loaded(store: ReviewStore, tmp_path: Path) -> ReviewStore:
    import_result(store, write_result(tmp_path))
    store.add_reviewer("王敏", "password123")
    store.add_reviewer("李强", "password456")
    return store


# --- schema and migrations ---------------------------------------------------------------------


def test_new_store_is_migrated_and_uses_wal(store: ReviewStore) -> None:
    from voc.review import _schema as S

    latest = S.MIGRATIONS[-1][0]
    assert store.schema_version() == latest
    db = store.url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == list(range(1, latest + 1))


def test_old_store_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    """A store written at schema 1 (before items.flag_score) opens with the current code, data intact."""
    from voc.review import _schema as S

    path = tmp_path / "review.db"
    with ReviewStore(path) as current:
        import_result(current, write_result(tmp_path))
    with sqlite3.connect(path) as conn:  # turn it back into the v1 layout an old voc wrote
        conn.execute("ALTER TABLE items DROP COLUMN flag_score")
        conn.execute("DELETE FROM schema_version WHERE version > 1")
    store = ReviewStore(path)
    assert store.schema_version() == S.MIGRATIONS[-1][0]
    items = store.list_items(QueueFilter(status="all"))[0]
    assert len(items) == 3 and all(i["flag_score"] is None for i in items)
    store.close()


def test_reopening_does_not_reapply_and_new_steps_apply_in_order(tmp_path: Path) -> None:
    from voc.review import _schema as S

    path = tmp_path / "review.db"
    ReviewStore(path).close()
    applied: list[int] = []
    nxt = S.MIGRATIONS[-1][0] + 1

    def step(conn, now):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("ALTER TABLE items ADD COLUMN extra TEXT")
        applied.append(nxt)

    store = ReviewStore(path)
    assert store.migrate([*S.MIGRATIONS, (nxt, "add items.extra", step)]) == nxt
    assert store.migrate([*S.MIGRATIONS, (nxt, "add items.extra", step)]) == nxt
    assert applied == [nxt] and store.schema_version() == nxt
    store.close()


def test_store_from_a_newer_voc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    ReviewStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future', '2099-01-01')")
    with pytest.raises(ReviewError, match="newer than this voc knows"):
        ReviewStore(path)


def test_missing_store_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="not found"):
        ReviewStore(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


# --- import ------------------------------------------------------------------------------------


def test_item_key_is_stable_and_distinguishes_fields() -> None:
    assert item_key("C1", "a", "太慢") == item_key("C1", "a", "太慢")
    assert len({item_key("C1", "a", "太慢"), item_key("C2", "a", "太慢"), item_key("C1", "b", "太慢"), item_key("C1", "a", "太慢了")}) == 4


def test_flagged_means_escalate_or_severity_two_or_mismatch() -> None:
    assert flagged_mask(result_frame()).tolist() == [True, True, True, False]


def test_import_adds_flagged_items_once_with_respondent_data(store: ReviewStore, tmp_path: Path) -> None:
    path = write_result(tmp_path)
    first = import_result(store, path)
    again = import_result(store, path)
    assert (first.new, first.seen) == (3, 0)
    assert (again.new, again.seen) == (0, 3)
    items, total = store.list_items(QueueFilter(status="all"))
    assert total == 3
    # escalated first, then by severity
    assert [i["respondent_id"] for i in items] == ["C1", "C2", "C3"]
    c1 = items[0]
    respondent = json.loads(c1["respondent_json"])
    assert respondent["scores"] == {"总体满意度": 1}
    assert c1["segment"] == "华东" and c1["comment_date"] == "2026-10-01"
    # answers from the raw survey are PII-masked like the comment text
    assert respondent["answers"]["改进建议"] == "联系我 [电话]"
    assert json.loads(c1["evidence_json"])["parts_supply"][0]["trigger"] == "等了三周"
    assert json.loads(c1["details_json"])["sentiment_explanation"] == "lexicon"
    assert items[2]["mismatch"] is True


def test_new_run_adds_new_items_and_keeps_decisions(loaded: ReviewStore, tmp_path: Path) -> None:
    item = loaded.list_items(QueueFilter(status="all"))[0][0]
    loaded.decide(item["id"], "confirm", "王敏", item["version"], note="已回访")
    later = result_frame()
    later.loc[3, ["text", "severity"]] = ["又坏了，第三次返修", 2]
    later.loc[0, "sentiment"] = -0.9  # the new run scored the same comment a bit differently
    (tmp_path / "wave2").mkdir()
    summary = import_result(loaded, write_result(tmp_path / "wave2", later))
    assert (summary.new, summary.seen) == (1, 3)
    kept = loaded.get_item(item["id"])
    assert kept["status"] == "confirmed" and kept["version"] == 2 and kept["sentiment"] == -0.9
    assert loaded.list_items(QueueFilter(status="all"))[1] == 4


def test_reimport_without_the_survey_keeps_respondent_data(store: ReviewStore, tmp_path: Path) -> None:
    path = write_result(tmp_path)
    import_result(store, path)
    (tmp_path / "survey.csv").unlink()
    assert import_result(store, path).seen == 3
    item = store.list_items(QueueFilter(status="all"))[0][0]
    assert item["segment"] == "华东" and json.loads(item["respondent_json"])["scores"] == {"总体满意度": 1}


def test_flag_model_scores_rank_the_queue(store: ReviewStore, tmp_path: Path) -> None:
    from voc.flagmodel import FlagModel

    train = pd.DataFrame({"text": ["再不修就打12315投诉", "我要投诉曝光", "有点慢", "还行吧"] * 3, "label": [1, 1, 0, 0] * 3})
    model_dir = FlagModel().fit(train).save(tmp_path / "model")
    frame = result_frame()
    frame["escalate"] = True
    frame["severity"] = 2
    frame.loc[0, "text"] = "还行吧，有点慢"
    frame.loc[3, "text"] = "再不修就打12315投诉，我要曝光"
    import_result(store, write_result(tmp_path, frame), flag_model=model_dir)
    items = store.list_items(QueueFilter(status="all"))[0]
    scores = [i["flag_score"] for i in items]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)
    assert items[0]["respondent_id"] == "C4" and items[-1]["respondent_id"] == "C1"
    # a later import without the model keeps the scores
    import_result(store, tmp_path / "run.parquet")
    assert [i["flag_score"] for i in store.list_items(QueueFilter(status="all"))[0]] == scores


def test_import_all_includes_unflagged(store: ReviewStore, tmp_path: Path) -> None:
    assert import_result(store, write_result(tmp_path), include_all=True).new == 4


def test_import_workbook_with_chinese_headers_matches_parquet_identity(store: ReviewStore, tmp_path: Path) -> None:
    from voc import columns as C
    from voc.report.excel import write_workbook

    import_result(store, write_result(tmp_path))
    frame = result_frame()
    write_workbook({"总览": pd.DataFrame({"a": [1]}), "逐条结果": frame}, tmp_path / "run.xlsx", headers=C.ZH_HEADERS)
    summary = import_result(store, tmp_path / "run.xlsx", survey=tmp_path / "survey.csv")
    assert (summary.new, summary.seen) == (0, 3)


def test_import_csv_and_directory(store: ReviewStore, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    write_result(tmp_path / "out", name="comments.csv")
    tables = read_result(tmp_path / "out")
    assert tables.comments["escalate"].tolist()[:2] == ["true", "true"]
    assert import_result(store, tmp_path / "out").new == 3


def test_import_refuses_a_file_that_is_not_a_result(store: ReviewStore, tmp_path: Path) -> None:
    survey_frame().to_csv(tmp_path / "survey.csv", index=False)
    with pytest.raises(ReviewInputError, match="not a voc result"):
        import_result(store, tmp_path / "survey.csv")
    with pytest.raises(ReviewInputError, match="not found"):
        import_result(store, tmp_path / "missing.parquet")


# --- decisions ---------------------------------------------------------------------------------


def test_decision_records_reviewer_time_and_previous_state(loaded: ReviewStore) -> None:
    item = loaded.list_items()[0][0]
    loaded.decide(item["id"], "assign", "王敏", 1, assignee="李强")
    loaded.decide(item["id"], "escalate", "李强", 2, note="客户要投诉到12315")
    history = loaded.history(item["id"])
    assert [(h["action"], h["reviewer"], h["prev_status"], h["new_status"], h["prev_version"]) for h in history] == [
        ("assign", "王敏", "open", "open", 1),
        ("escalate", "李强", "open", "escalated", 2),
    ]
    assert history[0]["prev_assignee"] == "" and history[0]["new_assignee"] == "李强"
    assert all(h["at"].endswith("+00:00") for h in history)


def test_stale_update_is_refused_and_writes_nothing(loaded: ReviewStore) -> None:
    item = loaded.list_items()[0][0]
    loaded.decide(item["id"], "confirm", "王敏", 1)
    with pytest.raises(StaleUpdateError, match="changed by 王敏") as info:
        loaded.decide(item["id"], "false_alarm", "李强", 1)
    assert (info.value.expected, info.value.current) == (1, 2)
    assert "请刷新" in info.value.message_zh
    assert loaded.get_item(item["id"])["status"] == "confirmed"
    assert len(loaded.history(item["id"])) == 1


def test_bad_decisions_are_refused(loaded: ReviewStore) -> None:
    item = loaded.list_items()[0][0]
    with pytest.raises(ReviewError, match="unknown action"):
        loaded.decide(item["id"], "delete", "王敏", 1)
    with pytest.raises(ReviewError, match="no such reviewer"):
        loaded.decide(item["id"], "assign", "王敏", 1, assignee="nobody")
    with pytest.raises(ReviewError, match="non-empty note"):
        loaded.decide(item["id"], "note", "王敏", 1, note="  ")
    with pytest.raises(ReviewError, match="no review item"):
        loaded.decide(99999, "confirm", "王敏", 1)


def test_audit_trail_cannot_be_rewritten(loaded: ReviewStore) -> None:
    item = loaded.list_items()[0][0]
    loaded.decide(item["id"], "confirm", "王敏", 1)
    with sqlite3.connect(loaded.url.removeprefix("sqlite:///")) as conn:
        for sql in ("UPDATE decisions SET reviewer = 'x'", "DELETE FROM decisions"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    assert len(loaded.history(item["id"])) == 1


def test_queue_filters(loaded: ReviewStore) -> None:
    def ids(**kw: str) -> list[str]:
        return [i["respondent_id"] for i in loaded.list_items(QueueFilter(**{"status": "all", **kw}))[0]]

    assert ids(pain_point="parts_supply") == ["C1"]
    assert ids(pain_point="parts") == []  # whole codes only
    assert ids(segment="华东") == ["C1", "C3"]
    assert ids(date_from="2026-10-02", date_to="2026-10-02") == ["C2"]
    assert ids(search="<script>") == ["C2"]
    assert ids(search="%") == []  # LIKE wildcards are literal
    item = loaded.list_items()[0][0]
    loaded.decide(item["id"], "confirm", "李强", 1)
    assert ids(reviewer="李强") == ["C1"]
    assert [i["respondent_id"] for i in loaded.list_items(QueueFilter(status="open"))[0]] == ["C2", "C3"]
    with pytest.raises(ReviewError, match="unknown status"):
        loaded.list_items(QueueFilter(status="bogus"))


# --- concurrency -------------------------------------------------------------------------------


def test_two_writers_on_one_item_exactly_one_wins(loaded: ReviewStore) -> None:
    """Two threads, each with its own store (engine, connections), decide on the same version at once.

    Exactly one update is applied; the other gets StaleUpdateError. The audit trail holds the winner
    only: a refused attempt changes nothing, so it is not a decision (it is logged, not stored).
    """
    url = loaded.url

    def attempt(item_id: int, version: int, barrier: threading.Barrier, outcomes: dict[str, str], reviewer: str, action: str) -> None:
        own = ReviewStore(url)  # its own engine and connections, like a second server process
        try:
            barrier.wait()
            own.decide(item_id, action, reviewer, version)
            outcomes[reviewer] = "won"
        except StaleUpdateError:
            outcomes[reviewer] = "stale"
        finally:
            own.close()

    for round_ in range(10):
        item = loaded.list_items(QueueFilter(status="all"))[0][0]
        version = item["version"]
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}
        threads = [
            threading.Thread(target=attempt, args=(item["id"], version, barrier, outcomes, name, action))
            for name, action in (("王敏", "confirm"), ("李强", "false_alarm"))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes.values()) == ["stale", "won"], f"round {round_}: {outcomes}"
        winner = next(name for name, result in outcomes.items() if result == "won")
        history = loaded.history(item["id"])
        assert len(history) == round_ + 1 and history[-1]["reviewer"] == winner
        assert loaded.get_item(item["id"])["version"] == version + 1


WORKER = r"""
import sys
from voc.review.errors import StaleUpdateError
from voc.review.store import ReviewStore
url, item_id, name, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store = ReviewStore(url)
done = stale = 0
while done < n:
    version = store.get_item(item_id)["version"]
    try:
        store.decide(item_id, "note", name, version, note=f"{name} {done}")
        done += 1
    except StaleUpdateError:
        stale += 1
print(done, stale)
"""


def test_concurrent_processes_lose_no_update(loaded: ReviewStore) -> None:
    """Four processes add notes to one item as fast as they can, re-reading on a stale version.

    Every applied update is in the audit trail once and the version counts them all: no update was
    lost or applied twice, and no process failed on a locked database.
    """
    item = loaded.list_items()[0][0]
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, loaded.url, str(item["id"]), f"p{i}", "15"], stdout=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    history = loaded.history(item["id"])
    assert len(history) == 60
    assert loaded.get_item(item["id"])["version"] == 61
    assert sorted(h["new_version"] for h in history) == list(range(2, 62))


CRASH = r"""
import os, sys
import voc.review.store as st
from voc.review.importer import import_result
import sqlalchemy as sa
store = st.ReviewStore(sys.argv[1])
real_execute = sa.Connection.execute
def execute(self, statement, *args, **kwargs):
    result = real_execute(self, statement, *args, **kwargs)
    if getattr(statement, "table", None) is not None and statement.table.name == "items" and statement.is_insert:
        os._exit(3)  # killed mid-transaction, after the rows were written but before commit
    return result
sa.Connection.execute = execute
import_result(store, sys.argv[2])
"""


def test_crash_mid_import_leaves_the_store_as_it_was(loaded: ReviewStore, tmp_path: Path) -> None:
    before = loaded.list_items(QueueFilter(status="all"))[1]
    later = result_frame()
    later["text"] = later["text"] + "（第二轮）"
    (tmp_path / "wave2").mkdir()
    path = write_result(tmp_path / "wave2", later)
    proc = subprocess.run([sys.executable, "-c", CRASH, loaded.url, str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    reopened = ReviewStore(loaded.url)
    assert reopened.list_items(QueueFilter(status="all"))[1] == before
    with sqlite3.connect(loaded.url.removeprefix("sqlite:///")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
    assert import_result(reopened, path).new == 3  # and the next import works
    reopened.close()


# --- reviewers ---------------------------------------------------------------------------------


def test_passwords_are_salted_scrypt_hashes(store: ReviewStore) -> None:
    one, two = hash_password("secret-password"), hash_password("secret-password")
    assert one != two and one.startswith("scrypt$") and "secret-password" not in one
    assert verify_password("secret-password", one) and not verify_password("wrong-password", one)
    assert not verify_password("x", "garbage")
    store.add_reviewer("王敏", "secret-password")
    assert store.authenticate("王敏", "secret-password")
    assert not store.authenticate("王敏", "secret-passwor")
    assert not store.authenticate("nobody", "secret-password")


def test_reviewer_rules(store: ReviewStore) -> None:
    store.add_reviewer("王敏", "password123")
    with pytest.raises(AuthError, match="already exists"):
        store.add_reviewer("王敏", "password123")
    with pytest.raises(AuthError, match="too short"):
        store.add_reviewer("李强", "short")
    with pytest.raises(AuthError, match="not allowed"):
        store.add_reviewer("<b>x</b>", "password123")
    store.add_reviewer("王敏", "another-password", replace=True)
    assert store.authenticate("王敏", "another-password")


# --- export ------------------------------------------------------------------------------------


def test_export_decisions_xlsx_and_csv(loaded: ReviewStore, tmp_path: Path) -> None:
    items = loaded.list_items()[0]
    loaded.decide(items[0]["id"], "confirm", "王敏", 1, note="=HYPERLINK(\"http://x\")")
    loaded.decide(items[1]["id"], "false_alarm", "李强", 1)
    xlsx = export_decisions(loaded, tmp_path / "review.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert set(sheets) == {"审核结果", "处理记录"}
    assert sorted(sheets["审核结果"]["审核状态"]) == ["confirmed", "false_alarm", "open"]
    assert len(sheets["处理记录"]) == 2
    csv = export_decisions(loaded, tmp_path / "review.csv")
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert table.loc[table["status"] == "confirmed", "notes"].iloc[0].startswith("王敏")
    assert not list(tmp_path.glob(".*.part"))  # atomic: no temp file left behind
    with pytest.raises(ReviewInputError, match="expected a"):
        export_decisions(loaded, tmp_path / "review.txt")


def test_export_labels(loaded: ReviewStore, tmp_path: Path) -> None:
    items = loaded.list_items()[0]
    loaded.decide(items[0]["id"], "confirm", "王敏", 1)
    loaded.decide(items[1]["id"], "false_alarm", "王敏", 1)
    loaded.decide(items[2]["id"], "escalate", "王敏", 1)
    table = labels_table(loaded)
    assert dict(zip(table["status"], table["label"], strict=True)) == {"confirmed": 1, "false_alarm": 0, "escalated": 1}
    path = export_labels(loaded, tmp_path / "labels.csv")
    assert list(pd.read_csv(path, encoding="utf-8-sig").columns[:2]) == ["text", "label"]


def test_export_labels_needs_decisions(loaded: ReviewStore, tmp_path: Path) -> None:
    with pytest.raises(ReviewInputError, match="no confirmed or false-alarm"):
        export_labels(loaded, tmp_path / "labels.csv")


# --- command line ------------------------------------------------------------------------------


def test_cli_import_users_export(tmp_path: Path) -> None:
    from voc_cli.main import app

    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    path = write_result(tmp_path)
    result = runner.invoke(app, ["review", "import", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 new item(s)" in result.output
    result = runner.invoke(app, ["review", "import", str(path), "--db", db])
    assert "0 new item(s), 3 already" in result.output
    result = runner.invoke(app, ["review", "users", "add", "王敏", "--db", db, "--password-stdin"], input="password123\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["review", "users", "add", "王敏", "--db", db, "--password-stdin"], input="password123\n")
    assert result.exit_code == 2 and "already exists" in result.output
    result = runner.invoke(app, ["review", "export", "--db", db, "--out", str(tmp_path / "out.csv")])
    assert result.exit_code == 0 and (tmp_path / "out.csv").exists()
    result = runner.invoke(app, ["review", "export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "not found" in result.output
    assert not (tmp_path / "none.db").exists()


def test_cli_serve_refuses_without_reviewers(tmp_path: Path) -> None:
    from voc_cli.main import app

    db = str(tmp_path / "empty.db")
    ReviewStore(db).close()
    result = CliRunner().invoke(app, ["review", "serve", "--db", db, "--port", "1"])
    assert result.exit_code == 2 and "no reviewer accounts" in result.output


def test_import_voc_does_not_load_the_review_stack() -> None:
    code = "import sys, voc; print(any(m in sys.modules for m in ('sqlalchemy', 'starlette', 'uvicorn', 'voc.review.store')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ})
    assert out.stdout.strip() == "False"
