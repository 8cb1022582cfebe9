"""The review store: flagged comments, reviewers and every decision, in SQLite (default) or any SQLAlchemy URL.

Why it is built this way:

* Decisions must never be lost: every write is one transaction (item change + audit row together);
  SQLite runs in WAL mode with ``synchronous=FULL``, so a crash mid-write leaves the last committed
  state, never half of one.
* Two reviewers must not silently overwrite each other: each item carries a ``version``; an update
  names the version it was based on and is refused with :class:`StaleUpdateError` when it changed.
* Concurrent writers (two browser tabs, an import during review) wait on a busy timeout instead of
  failing; SQLite write transactions start with ``BEGIN IMMEDIATE`` so they never deadlock upgrading
  a read lock.
* The audit trail (``decisions``) is append-only: no code path updates or deletes it, and on SQLite
  triggers refuse it outright.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from voc.errors import missing_dependency
from voc.review.errors import AuthError, ReviewError, StaleUpdateError

try:
    import sqlalchemy as sa
    from sqlalchemy import event
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_dependency("sqlalchemy", "the QA review store", extra="review") from exc

from voc.review import _schema as S
from voc.review.passwords import dummy_verify, hash_password, verify_password

logger = logging.getLogger(__name__)

#: Review states, in the order the page lists them, with their Chinese names.
STATUSES: dict[str, str] = {"open": "待审", "confirmed": "已确认", "false_alarm": "误报", "escalated": "已升级"}
#: Actions a reviewer can take, and the status each one sets (None: status unchanged).
ACTIONS: dict[str, str | None] = {
    "confirm": "confirmed",
    "false_alarm": "false_alarm",
    "escalate": "escalated",
    "reopen": "open",
    "assign": None,
    "note": None,
}
BUSY_TIMEOUT_MS = 15_000
MAX_NOTE_CHARS = 2_000
_CHUNK = 500


def utc_now() -> str:
    """Current UTC time as an ISO-8601 string with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def store_url(target: str | Path) -> str:
    """A SQLAlchemy URL for ``target``: a URL is kept, anything else is a SQLite file path."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


@dataclass
class ImportSummary:
    """What one import did."""

    import_id: int
    rows: int
    new: int
    seen: int


@dataclass
class QueueFilter:
    """The page's filters; empty fields do not filter."""

    status: str = "open"
    pain_point: str = ""
    segment: str = ""
    date_from: str = ""
    date_to: str = ""
    reviewer: str = ""
    search: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class ReviewStore:
    """Open (and create or migrate) a review store.

    Arguments:
        target: a SQLite file path, or a SQLAlchemy URL such as ``postgresql+psycopg://…``.
        create: create the file and schema when missing (False: refuse a missing SQLite file).

    Examples:
        >>> store = ReviewStore(tmp_path / "review.db")  # doctest: +SKIP
        >>> store.add_reviewer("王敏", "a long password")  # doctest: +SKIP
    """

    def __init__(self, target: str | Path, create: bool = True) -> None:
        self.url = store_url(target)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite and not create:
            path = Path(self.url.removeprefix("sqlite:///"))
            if not path.exists():
                raise ReviewError(f"review store not found: {path}; create it with `voc review import RESULT --db {path}`")
        self.engine = self._make_engine()
        self.migrate()

    # --- connection set-up -------------------------------------------------------------------

    def _make_engine(self) -> sa.Engine:
        if not self.is_sqlite:
            return sa.create_engine(self.url, pool_pre_ping=True)
        path = Path(self.url.removeprefix("sqlite:///"))
        if not path.parent.exists():
            raise ReviewError(f"directory of the review store does not exist: {path.parent}")
        engine = sa.create_engine(
            self.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            write = conn.get_execution_options().get("voc_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self.engine.connect() as conn:
            conn.execution_options(voc_write=True)
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema --------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        with self._read() as conn:
            return self._version(conn)

    @staticmethod
    def _version(conn: sa.Connection) -> int:
        if not sa.inspect(conn).has_table("schema_version"):
            return 0
        return int(conn.execute(sa.select(sa.func.max(S.schema_version.c.version))).scalar() or 0)

    def migrate(self, migrations: Sequence[S.Migration] | None = None) -> int:
        """Apply the migrations not yet applied, each in its own transaction; returns the version."""
        steps = sorted(migrations if migrations is not None else S.MIGRATIONS, key=lambda m: m[0])
        known = steps[-1][0] if steps else 0
        with self._write() as conn:
            # Created here, not in a step, so the version check itself never needs a migration.
            S.schema_version.create(conn, checkfirst=True)
            current = self._version(conn)
        if current > known:
            raise ReviewError(
                f"the review store {self.url} has schema version {current}, newer than this voc knows "
                f"({known}); upgrade voc to open it"
            )
        for number, description, step in steps:
            with self._write() as conn:
                # Re-checked inside the write lock: another process may have applied it meanwhile.
                if self._version(conn) >= number:
                    continue
                now = utc_now()
                step(conn, now)
                if number == 1 and self.is_sqlite:
                    _protect_audit_trail(conn)
                conn.execute(sa.insert(S.schema_version).values(version=number, description=description, applied_at=now))
                logger.info("review store %s: applied migration %d (%s)", self.url, number, description)
        return max(current, known)

    def session_secret(self) -> str:
        """The secret that signs session cookies (kept in the store, so restarts keep logins)."""
        with self._read() as conn:
            return str(conn.execute(sa.select(S.meta.c.value).where(S.meta.c.key == "session_secret")).scalar_one())

    # --- reviewers -------------------------------------------------------------------------------

    def add_reviewer(self, name: str, password: str, replace: bool = False) -> None:
        """Add a reviewer (or set a new password with ``replace=True``); only the hash is stored."""
        from voc.review.passwords import MIN_LENGTH

        name = name.strip()
        if not name or len(name) > 64 or any(ch in name for ch in "<>&\"'\n\r\t"):
            raise AuthError(f"reviewer name {name!r} is not allowed: use 1–64 characters without <>&\"' or line breaks")
        if len(password) < MIN_LENGTH:
            raise AuthError(f"the password is too short: use at least {MIN_LENGTH} characters")
        hashed = hash_password(password)
        with self._write() as conn:
            existing = conn.execute(sa.select(S.reviewers.c.id).where(S.reviewers.c.name == name)).first()
            if existing is not None and not replace:
                raise AuthError(f"reviewer '{name}' already exists; use --replace to set a new password")
            if existing is not None:
                conn.execute(sa.update(S.reviewers).where(S.reviewers.c.id == existing.id).values(password_hash=hashed, active=True))
            else:
                conn.execute(sa.insert(S.reviewers).values(name=name, password_hash=hashed, active=True, created_at=utc_now()))

    def authenticate(self, name: str, password: str) -> bool:
        """True when ``name`` is an active reviewer and ``password`` is theirs."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(S.reviewers.c.password_hash).where(S.reviewers.c.name == name.strip(), S.reviewers.c.active.is_(True))
            ).first()
        if row is None:
            dummy_verify(password)
            return False
        return verify_password(password, row.password_hash)

    def reviewer_names(self) -> list[str]:
        """Active reviewers, by name."""
        with self._read() as conn:
            rows = conn.execute(sa.select(S.reviewers.c.name).where(S.reviewers.c.active.is_(True)).order_by(S.reviewers.c.name))
            return [r.name for r in rows]

    # --- import ----------------------------------------------------------------------------------

    def import_items(self, records: Sequence[dict[str, Any]], source: str, config: dict[str, Any] | None = None) -> ImportSummary:
        """Add new items and refresh the analysis fields of known ones; review state is kept.

        All in one transaction: an import that fails or is killed half-way adds nothing.
        """
        now = utc_now()
        analysis_cols = [c.name for c in S.items.c if c.name in _ANALYSIS_FIELDS]
        with self._write() as conn:
            inserted = conn.execute(
                sa.insert(S.imports).values(
                    source=source, imported_at=now, n_rows=len(records), n_new=0, n_seen=0,
                    config_json=json.dumps(config or {}, ensure_ascii=False, default=str),
                )
            ).inserted_primary_key
            assert inserted is not None
            import_id = inserted[0]
            new = seen = 0
            unique = {r["item_key"]: r for r in records}
            keys = list(unique)
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                known = {
                    row.item_key: row.id
                    for row in conn.execute(sa.select(S.items.c.item_key, S.items.c.id).where(S.items.c.item_key.in_(chunk)))
                }
                fresh = []
                for key in chunk:
                    record = unique[key]
                    values = {c: record.get(c, _FIELD_DEFAULTS.get(c)) for c in analysis_cols}
                    if key in known:
                        seen += 1
                        # A re-import without the survey file must not wipe the respondent data a
                        # previous import brought in.
                        kept = {k: v for k, v in values.items() if not (k in _KEEP_WHEN_EMPTY and v in (None, "", "{}"))}
                        conn.execute(sa.update(S.items).where(S.items.c.id == known[key]).values(**kept, last_import_id=import_id))
                    else:
                        new += 1
                        fresh.append({**values, "item_key": key, "first_import_id": import_id, "last_import_id": import_id,
                                      "created_at": now, "status": "open", "assignee": "", "version": 1, "updated_by": ""})
                if fresh:
                    conn.execute(sa.insert(S.items), fresh)
            conn.execute(sa.update(S.imports).where(S.imports.c.id == import_id).values(n_new=new, n_seen=seen))
        return ImportSummary(import_id=int(import_id), rows=len(records), new=new, seen=seen)

    # --- queue -----------------------------------------------------------------------------------

    def list_items(self, filters: QueueFilter | None = None, limit: int = 200, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Items matching ``filters``, escalated and most severe first; plus the total count."""
        where = _conditions(filters or QueueFilter())
        # A learned flag score (when imported with --flag-model) ranks items within the same rule level.
        order = [S.items.c.escalate.desc(), S.items.c.severity.desc(), sa.func.coalesce(S.items.c.flag_score, -1.0).desc(),
                 S.items.c.mismatch.desc(), S.items.c.id]
        with self._read() as conn:
            total = int(conn.execute(sa.select(sa.func.count()).select_from(S.items).where(*where)).scalar_one())
            rows = conn.execute(sa.select(S.items).where(*where).order_by(*order).limit(limit).offset(offset))
            return [dict(r._mapping) for r in rows], total

    def get_item(self, item_id: int) -> dict[str, Any]:
        """One item, or :class:`ReviewError` when there is none."""
        with self._read() as conn:
            row = conn.execute(sa.select(S.items).where(S.items.c.id == item_id)).first()
        if row is None:
            raise ReviewError(f"no review item {item_id}")
        return dict(row._mapping)

    def history(self, item_id: int) -> list[dict[str, Any]]:
        """The item's audit trail, oldest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(S.decisions).where(S.decisions.c.item_id == item_id).order_by(S.decisions.c.id))
            return [dict(r._mapping) for r in rows]

    def facets(self) -> dict[str, list[str]]:
        """Values the filters offer: pain points, segments, reviewers."""
        with self._read() as conn:
            pains: set[str] = set()
            for (value,) in conn.execute(sa.select(S.items.c.pain_points).distinct()):
                pains.update(p for p in str(value or "").split(";") if p)
            segments = [r[0] for r in conn.execute(sa.select(S.items.c.segment).where(S.items.c.segment != "").distinct().order_by(S.items.c.segment))]
        return {"pain_points": sorted(pains), "segments": segments, "reviewers": self.reviewer_names()}

    def counts(self) -> dict[str, int]:
        """Items per status."""
        with self._read() as conn:
            rows = conn.execute(sa.select(S.items.c.status, sa.func.count()).group_by(S.items.c.status))
            found = {r[0]: int(r[1]) for r in rows}
        return {s: found.get(s, 0) for s in STATUSES}

    # --- decisions -------------------------------------------------------------------------------

    def decide(
        self,
        item_id: int,
        action: str,
        reviewer: str,
        expected_version: int,
        note: str = "",
        assignee: str | None = None,
    ) -> dict[str, Any]:
        """Apply one reviewer action if the item is still at ``expected_version``; returns the new item.

        The item update and its audit row are one transaction. A stale version raises
        :class:`StaleUpdateError` and writes nothing.
        """
        if action not in ACTIONS:
            raise ReviewError(f"unknown action '{action}': expected one of {', '.join(ACTIONS)}")
        note = (note or "").strip()
        if len(note) > MAX_NOTE_CHARS:
            raise ReviewError(f"the note is {len(note)} characters long; at most {MAX_NOTE_CHARS} are kept")
        if action == "note" and not note:
            raise ReviewError("a note action needs a non-empty note")
        with self._write() as conn:
            row = conn.execute(sa.select(S.items).where(S.items.c.id == item_id)).first()
            if row is None:
                raise ReviewError(f"no review item {item_id}")
            new_assignee = row.assignee
            if action == "assign":
                new_assignee = (assignee or "").strip()
                if new_assignee and not conn.execute(sa.select(S.reviewers.c.id).where(S.reviewers.c.name == new_assignee)).first():
                    raise ReviewError(f"cannot assign to '{new_assignee}': no such reviewer")
            new_status = ACTIONS[action] or row.status
            now = utc_now()
            # The version check is in the WHERE clause, so it holds on any database, not only
            # under SQLite's write lock.
            result = conn.execute(
                sa.update(S.items)
                .where(S.items.c.id == item_id, S.items.c.version == expected_version)
                .values(status=new_status, assignee=new_assignee, version=S.items.c.version + 1, updated_at=now, updated_by=reviewer)
            )
            if result.rowcount != 1:
                raise StaleUpdateError(item_id, expected_version, row.version, row.updated_by, row.updated_at or "")
            conn.execute(
                sa.insert(S.decisions).values(
                    item_id=item_id, action=action, reviewer=reviewer, at=now,
                    prev_status=row.status, new_status=new_status, prev_assignee=row.assignee, new_assignee=new_assignee,
                    prev_version=expected_version, new_version=expected_version + 1, note=note,
                )
            )
            fresh = conn.execute(sa.select(S.items).where(S.items.c.id == item_id)).one()
        logger.info("item %s: %s by %s (version %s → %s)", item_id, action, reviewer, expected_version, expected_version + 1)
        return dict(fresh._mapping)

    # --- export ----------------------------------------------------------------------------------

    def all_items(self) -> list[dict[str, Any]]:
        """Every item with its review state, in queue order."""
        rows, _ = self.list_items(QueueFilter(status="all"), limit=10**9)
        return rows

    def all_decisions(self) -> list[dict[str, Any]]:
        """The whole audit trail, oldest first, with the item's key and respondent id."""
        query = (
            sa.select(S.decisions, S.items.c.item_key, S.items.c.respondent_id, S.items.c.source_col)
            .join(S.items, S.items.c.id == S.decisions.c.item_id)
            .order_by(S.decisions.c.id)
        )
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def notes_by_item(self) -> dict[int, list[dict[str, Any]]]:
        """Notes left on each item (from the audit trail)."""
        out: dict[int, list[dict[str, Any]]] = {}
        for row in self.all_decisions():
            if row["note"]:
                out.setdefault(row["item_id"], []).append(row)
        return out


_ANALYSIS_FIELDS = frozenset(
    {
        "respondent_id", "source_col", "text", "sentiment", "sentiment_label", "emotion", "pain_points", "severity",
        "escalate", "mismatch", "flag_reasons", "topic_id", "topic_label", "eci", "flag_score", "evidence_json", "details_json",
        "respondent_json", "segment", "comment_date",
    }
)


_KEEP_WHEN_EMPTY = frozenset({"respondent_json", "segment", "comment_date", "flag_score"})
_FIELD_DEFAULTS: dict[str, Any] = {
    "sentiment_label": "", "emotion": "", "pain_points": "", "severity": 0, "escalate": False, "mismatch": False,
    "flag_reasons": "", "topic_label": "", "evidence_json": "{}", "details_json": "{}", "respondent_json": "{}", "segment": "",
}


def _conditions(f: QueueFilter) -> list[Any]:
    c = S.items.c
    where: list[Any] = []
    if f.status and f.status != "all":
        if f.status not in STATUSES:
            raise ReviewError(f"unknown status '{f.status}': expected all or one of {', '.join(STATUSES)}")
        where.append(c.status == f.status)
    if f.pain_point:
        where.append((sa.literal(";") + c.pain_points + sa.literal(";")).contains(f";{f.pain_point};", autoescape=True))
    if f.segment:
        where.append(c.segment == f.segment)
    day = sa.func.coalesce(c.comment_date, sa.func.substr(c.created_at, 1, 10))
    if f.date_from:
        where.append(day >= f.date_from)
    if f.date_to:
        where.append(day <= f.date_to)
    if f.reviewer:
        where.append(sa.or_(c.updated_by == f.reviewer, c.assignee == f.reviewer))
    if f.search:
        where.append(sa.or_(c.text.contains(f.search, autoescape=True), c.respondent_id == f.search))
    return where


def _protect_audit_trail(conn: sa.Connection) -> None:
    for op in ("UPDATE", "DELETE"):
        conn.exec_driver_sql(
            f"CREATE TRIGGER IF NOT EXISTS decisions_no_{op.lower()} BEFORE {op} ON decisions "
            "BEGIN SELECT RAISE(ABORT, 'the review audit trail is append-only'); END"
        )

