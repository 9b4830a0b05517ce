"""The ledger's tables, the names of their states, and its one time format.

A table or column added here needs a revision in scheduler/store/ledger/migrations: the test
tests/test_migrations.py::test_the_migrated_schema_is_the_metadata fails without one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.schema import SchemaItem

# Claim states. 'claimed' means nothing was sent yet; 'sent' means a request may have reached
# the platform, so a crash there must be reconciled before any retry.
CLAIMED, SENT, PUBLISHED, FAILED, UNKNOWN, RETRY, SKIPPED = (
    "claimed",
    "sent",
    "published",
    "failed",
    "unknown",
    "retry",
    "skipped",
)
FINAL_STATES = frozenset({PUBLISHED, FAILED, SKIPPED})
OPEN_STATES = frozenset({CLAIMED, SENT, UNKNOWN, RETRY})

# A link comment's states follow its claim's: pending (nothing sent), sent, done, unknown,
# retry, failed. Only 'pending' and 'done' are its own; the others mean what a claim's do.
PENDING, DONE = "pending", "done"
OPEN_COMMENT_STATES = frozenset({PENDING, SENT, UNKNOWN, RETRY})

STAMP_LENGTH = 32  # a stamp column: UTC, ISO 8601 with Z, so text order is time order


def _moment(name: str, *, nullable: bool = False) -> Column:
    """A column that holds a stamp()."""
    return Column(name, String(STAMP_LENGTH), nullable=nullable)


def _staff_name(name: str = "name", *, primary_key: bool = False) -> Column:
    """A staff member's name, never empty (scheduler.team.members checks its form)."""
    return Column(name, String(64), nullable=False, primary_key=primary_key)


def _account(*, nullable: bool = False, primary_key: bool = False) -> Column:
    return Column("account", String(200), nullable=nullable, primary_key=primary_key)


metadata = MetaData()


def _table(name: str, *items: SchemaItem) -> Table:
    """A table of the ledger's metadata."""
    return Table(name, metadata, *items)


schema_info = _table(
    "schema_info",
    Column("version", Integer, primary_key=True),
)

claims = _table(
    "claims",
    Column("id", Integer, primary_key=True, autoincrement=True),
    _account(),
    _moment("slot_at"),
    Column("snippet_id", String(64)),
    Column("state", String(16), nullable=False),
    Column("outcome", String(16)),
    Column("text", Text),  # what was sent: reconciliation searches the platform for it
    Column("remote_id", String(200)),
    Column("url", Text),
    Column("error", Text),
    Column("reason", Text),
    _moment("retry_at", nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(100)),
    _moment("created_at"),
    _moment("updated_at"),
    UniqueConstraint("account", "slot_at", name="one_claim_per_account_slot"),
    Index("claims_by_state", "state"),
    Index("claims_by_snippet", "snippet_id"),
)

events = _table(
    "events",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("claims.id")),
    _account(nullable=True),
    _moment("at"),
    Column("kind", String(32), nullable=False),
    Column("detail", Text),
)

heartbeats = _table(
    "heartbeats",
    Column("owner", String(100), primary_key=True),
    _moment("seen_at"),
    _moment("started_at"),
)

account_states = _table(
    "account_states",
    _account(primary_key=True),
    Column("stopped_reason", Text),
    _moment("stopped_at", nullable=True),
)

short_links = _table(
    "short_links",
    Column("code", String(32), primary_key=True),
    Column("snippet_id", String(64), nullable=False),
    Column("essay", String(200), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("target", Text, nullable=False),
    _moment("created_at"),
    UniqueConstraint("snippet_id", "platform", name="one_code_per_snippet_platform"),
)

# One row per (account, snippet, generation): the claim itself carries "publish this snippet to
# this account once". A claimer names the generation it decided on (how many claims of the pair
# it saw); two deciders who saw the same ledger name the same key, and only one insert wins.
publish_keys = _table(
    "publish_keys",
    _account(primary_key=True),
    Column("snippet_id", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
)

# The link's first comment (link: comment), one per claim, written with the claim.
comments = _table(
    "comments",
    Column("claim_id", Integer, ForeignKey("claims.id"), primary_key=True),
    _account(),
    Column("text", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("remote_id", String(200)),
    Column("error", Text),
    _moment("retry_at", nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(100)),
    _moment("updated_at"),
    Index("comments_by_state", "state"),
)

clicks = _table(
    "clicks",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(32), ForeignKey("short_links.code"), nullable=False),
    _moment("at"),
    Column("referrer_host", String(255)),
    Column("weight", Float, nullable=False, default=1.0),
)

# The desk's people (scheduler.team.members) and what they changed (scheduler.store.audit).
# Passwords are scrypt hashes; a session is stored as the SHA-256 of its token, so a copy of
# the ledger holds no live cookie.
staff_members = _table(
    "staff_members",
    _staff_name(primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    _moment("created_at"),
    _moment("updated_at"),
)

staff_sessions = _table(
    "staff_sessions",
    Column("token_hash", String(64), primary_key=True),
    _staff_name(),
    Column("csrf", String(64), nullable=False),
    _moment("created_at"),
    _moment("expires_at"),
    Index("staff_sessions_by_name", "name"),
)

audit_log = _table(
    "audit_log",
    Column("id", Integer, primary_key=True, autoincrement=True),
    _moment("at"),
    _staff_name("who"),
    Column("action", String(32), nullable=False),
    Column("snippet_id", String(64)),
    Column("detail", Text),
    Index("audit_log_by_at", "at"),
)


def stamp(moment: datetime) -> str:
    """The ledger's one time format: UTC to the second, with Z, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("the ledger only takes aware datetimes")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unstamp(text: str | None) -> datetime | None:
    return instant(text) if text else None


def instant(text: str) -> datetime:
    """A stamp that is never empty, back as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
