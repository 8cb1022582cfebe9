"""The review store's tables and its ordered, versioned migrations.

Each migration is a numbered step applied once, inside the same transaction that records it in
``schema_version``; a store written by a newer voc (a version this code does not know) is refused
rather than guessed at. Times are ISO-8601 UTC strings so SQLite and PostgreSQL store the same thing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", String(32), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

reviewers = Table(
    "reviewers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(32), nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("n_rows", Integer, nullable=False),
    Column("n_new", Integer, nullable=False),
    Column("n_seen", Integer, nullable=False),
    Column("config_json", Text, nullable=False, default="{}"),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_key", String(64), nullable=False),
    # what the analysis said (refreshed by later imports of the same comment; decisions are not)
    Column("respondent_id", Text, nullable=False),
    Column("source_col", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentiment", Float),
    Column("sentiment_label", String(16), nullable=False, default=""),
    Column("emotion", String(64), nullable=False, default=""),
    Column("pain_points", Text, nullable=False, default=""),
    Column("severity", Integer, nullable=False, default=0),
    Column("escalate", Boolean, nullable=False, default=False),
    Column("mismatch", Boolean, nullable=False, default=False),
    Column("flag_reasons", Text, nullable=False, default=""),
    Column("topic_id", Integer),
    Column("topic_label", Text, nullable=False, default=""),
    Column("eci", Float),
    Column("flag_score", Float),  # since schema 2: probability from a `voc train flags` model
    Column("evidence_json", Text, nullable=False, default="{}"),
    Column("details_json", Text, nullable=False, default="{}"),
    Column("respondent_json", Text, nullable=False, default="{}"),
    Column("segment", Text, nullable=False, default=""),
    Column("comment_date", String(10)),
    Column("first_import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("last_import_id", Integer, ForeignKey("imports.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    # the review state (changed only through decisions, guarded by ``version``)
    Column("status", String(16), nullable=False, default="open"),
    Column("assignee", String(64), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", String(32)),
    Column("updated_by", String(64), nullable=False, default=""),
    UniqueConstraint("item_key", name="uq_items_item_key"),
)
Index("ix_items_queue", items.c.escalate, items.c.severity)
Index("ix_items_status", items.c.status)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("reviewer", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("prev_status", String(16), nullable=False),
    Column("new_status", String(16), nullable=False),
    Column("prev_assignee", String(64), nullable=False, default=""),
    Column("new_assignee", String(64), nullable=False, default=""),
    Column("prev_version", Integer, nullable=False),
    Column("new_version", Integer, nullable=False),
    Column("note", Text, nullable=False, default=""),
)
Index("ix_decisions_item", decisions.c.item_id)

Migration = tuple[int, str, Callable[[Connection, str], None]]


def _initial(conn: Connection, now: str) -> None:
    # Creates the tables as currently defined; later steps therefore check before altering.
    metadata.create_all(conn, tables=[meta, reviewers, imports, items, decisions])
    # The session-signing secret lives in the store so a restarted server keeps reviewers logged in.
    conn.execute(insert(meta).values(key="session_secret", value=secrets.token_hex(32)))


def _flag_score(conn: Connection, now: str) -> None:
    from sqlalchemy import inspect

    if "flag_score" not in {c["name"] for c in inspect(conn).get_columns("items")}:
        conn.exec_driver_sql("ALTER TABLE items ADD COLUMN flag_score FLOAT")


#: Ordered migration steps: (version, description, step). Append new steps; never edit old ones.
MIGRATIONS: list[Migration] = [
    (1, "items, decisions (audit trail), reviewers, imports, meta", _initial),
    (2, "items.flag_score: learned probability that a flag is a real complaint", _flag_score),
]
