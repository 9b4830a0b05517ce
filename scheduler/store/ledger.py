"""The ledger: what the machine did. Claims, attempts, results, clicks. Facts only.

A slot is claimed under a unique (account, slot) key before any API call, so two daemons, a
restart or a retry can never post it twice. SQLite by default; PostgreSQL for several replicas.
Every state change is a conditional UPDATE, so two replicas never both move the same claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from scheduler.errors import LedgerError, SnippetTaken
from scheduler.model.post import Outcome, Result

CONNECT_TIMEOUT = 5  # seconds

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

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("version", Integer, primary_key=True),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(200), nullable=False),
    Column("slot_at", String(32), nullable=False),  # UTC, ISO 8601 with Z: sorts as text
    Column("snippet_id", String(64)),
    Column("state", String(16), nullable=False),
    Column("outcome", String(16)),
    Column("text", Text),  # what was sent: reconciliation searches the platform for it
    Column("remote_id", String(200)),
    Column("url", Text),
    Column("error", Text),
    Column("reason", Text),
    Column("retry_at", String(32)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(100)),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("account", "slot_at", name="one_claim_per_account_slot"),
    Index("claims_by_state", "state"),
    Index("claims_by_snippet", "snippet_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", Integer, ForeignKey("claims.id")),
    Column("account", String(200)),
    Column("at", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", Text),
)

heartbeats = Table(
    "heartbeats",
    metadata,
    Column("owner", String(100), primary_key=True),
    Column("seen_at", String(32), nullable=False),
    Column("started_at", String(32), nullable=False),
)

account_states = Table(
    "account_states",
    metadata,
    Column("account", String(200), primary_key=True),
    Column("stopped_reason", Text),
    Column("stopped_at", String(32)),
)

short_links = Table(
    "short_links",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("snippet_id", String(64), nullable=False),
    Column("essay", String(200), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("target", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("snippet_id", "platform", name="one_code_per_snippet_platform"),
)

# One row per (account, snippet, generation): the claim itself carries "publish this snippet to
# this account once". A claimer names the generation it decided on (how many claims of the pair
# it saw); two deciders who saw the same ledger name the same key, and only one insert wins.
publish_keys = Table(
    "publish_keys",
    metadata,
    Column("account", String(200), primary_key=True),
    Column("snippet_id", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
)

# The link's first comment (link: comment), one per claim, written with the claim. Its states
# follow the claim's: pending (nothing sent), sent, done, unknown, retry, failed.
comments = Table(
    "comments",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id"), primary_key=True),
    Column("account", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("remote_id", String(200)),
    Column("error", Text),
    Column("retry_at", String(32)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(100)),
    Column("updated_at", String(32), nullable=False),
    Index("comments_by_state", "state"),
)

clicks = Table(
    "clicks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(32), ForeignKey("short_links.code"), nullable=False),
    Column("at", String(32), nullable=False),
    Column("referrer_host", String(255)),
    Column("weight", Float, nullable=False, default=1.0),
)

# The desk's people (scheduler.team.members) and what they changed (scheduler.store.audit).
# Passwords are scrypt hashes; a session is stored as the SHA-256 of its token, so a copy of
# the ledger holds no live cookie.
staff_members = Table(
    "staff_members",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Index("staff_sessions_by_name", "name"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("who", String(64), nullable=False),
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
    return _instant(text) if text else None


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Claim:
    id: int
    account: str
    slot_at: datetime
    snippet_id: str | None
    state: str
    outcome: str | None
    text: str | None
    remote_id: str | None
    url: str | None
    error: str | None
    reason: str | None
    retry_at: datetime | None
    attempts: int
    owner: str | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: object) -> Claim:
        m = row._mapping  # type: ignore[attr-defined]
        return cls(
            id=m["id"],
            account=m["account"],
            slot_at=unstamp(m["slot_at"]),  # type: ignore[arg-type]
            snippet_id=m["snippet_id"],
            state=m["state"],
            outcome=m["outcome"],
            text=m["text"],
            remote_id=m["remote_id"],
            url=m["url"],
            error=m["error"],
            reason=m["reason"],
            retry_at=unstamp(m["retry_at"]),
            attempts=m["attempts"],
            owner=m["owner"],
            updated_at=unstamp(m["updated_at"]),  # type: ignore[arg-type]
        )


def database_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


class Ledger:
    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url, **_engine_options(self.url))
        except Exception as exc:  # a malformed URL or a missing driver
            raise LedgerError(f"cannot open the ledger {safe_url(url)}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:  # `scheduler doctor` looks without changing anything
            self.migrate()

    def migrate(self) -> str | None:
        """Bring the schema to the newest revision (scheduler/store/migrate.py); what was done."""
        from scheduler.store.migrate import bring_up_to_date

        path = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        backup = f"{path}.before-upgrade" if path and path != ":memory:" else None
        try:
            return bring_up_to_date(self.engine, backup_to=Path(backup) if backup else None)
        except LedgerError:
            raise
        except Exception as exc:  # the server does not answer, refuses us, or the file is bad
            raise LedgerError(f"cannot open the ledger {safe_url(self.url)}: {exc}") from exc

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    # ---- claims ------------------------------------------------------------------------

    def claim(
        self,
        account: str,
        slot_at: datetime,
        snippet_id: str | None,
        text: str | None,
        owner: str,
        now: datetime,
        *,
        generation: int | None = None,
        comment: str | None = None,
    ) -> Claim | None:
        """Take the slot for this account, or None when someone already has it.

        With ``generation`` (how many claims of this snippet on this account the caller saw
        when it decided), the claim also takes the key (account, snippet, generation) in the
        same transaction: SnippetTaken when another claim took it first. ``comment`` is the
        link's first comment, recorded with the claim so it is sent once the post is out.
        """
        key = (
            (snippet_id, generation) if snippet_id is not None and generation is not None else None
        )
        claim_id = self._insert(
            account, slot_at, owner, now, CLAIMED, key=key, comment=comment,
            snippet_id=snippet_id, text=text,
        )  # fmt: skip
        return self.get(claim_id) if claim_id is not None else None

    def claim_count(self, account: str, snippet_id: str) -> int:
        """How many claims this snippet has on this account: the next claim's generation."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(claims)
                    .where(claims.c.account == account, claims.c.snippet_id == snippet_id)
                ).scalar()
                or 0
            )

    def claim_counts(self, account: str) -> dict[str, int]:
        """claim_count for every snippet of one account, in one query."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(claims.c.snippet_id, func.count())
                .where(claims.c.account == account, claims.c.snippet_id.is_not(None))
                .group_by(claims.c.snippet_id)
            )
            return {r[0]: int(r[1]) for r in rows}

    def _key_holder(self, account: str, snippet_id: str, generation: int) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(publish_keys.c.claim_id).where(
                    publish_keys.c.account == account,
                    publish_keys.c.snippet_id == snippet_id,
                    publish_keys.c.generation == generation,
                )
            ).scalar()

    def skip(self, account: str, slot_at: datetime, reason: str, owner: str, now: datetime) -> bool:
        """Record a slot that will not be posted, and why; False if the slot was taken."""
        return self._insert(account, slot_at, owner, now, SKIPPED, reason=reason) is not None

    def _insert(
        self,
        account: str,
        slot_at: datetime,
        owner: str,
        now: datetime,
        state: str,
        *,
        key: tuple[str, int] | None = None,
        comment: str | None = None,
        **values: str | None,
    ) -> int | None:
        """A new row for the slot, with its first event; None when the slot is taken, and
        SnippetTaken when the (account, snippet, generation) key is."""
        row = dict(
            account=account,
            slot_at=stamp(slot_at),
            state=state,
            attempts=0,
            owner=owner,
            created_at=stamp(now),
            updated_at=stamp(now),
            **values,
        )
        try:
            with self._tx() as conn:
                primary = conn.execute(insert(claims).values(**row)).inserted_primary_key
                claim_id = int(primary[0]) if primary else None
                detail = values.get("reason") or values.get("snippet_id")
                self._event(conn, claim_id, account, now, state, detail)
                if key is not None:
                    conn.execute(
                        insert(publish_keys).values(
                            account=account, snippet_id=key[0], generation=key[1], claim_id=claim_id
                        )
                    )
                if comment is not None:
                    conn.execute(
                        insert(comments).values(
                            claim_id=claim_id, account=account, text=comment, state="pending",
                            attempts=0, owner=owner, updated_at=stamp(now),
                        )
                    )  # fmt: skip
        except IntegrityError:
            holder = self._key_holder(account, *key) if key is not None else None
            if holder is not None:
                raise SnippetTaken(account, key[0], holder) from None  # type: ignore[index]
            return None
        return claim_id

    def transition(
        self, claim_id: int, expected: set[str] | frozenset[str], now: datetime, **values: object
    ) -> bool:
        """Move a claim on only if it is still in an expected state (compare-and-set)."""
        values = {k: (stamp(v) if isinstance(v, datetime) else v) for k, v in values.items()}
        with self._tx() as conn:
            done = conn.execute(
                update(claims)
                .where(claims.c.id == claim_id, claims.c.state.in_(expected))
                .values(updated_at=stamp(now), **values)
            ).rowcount
            if done:
                detail = values.get("error") or values.get("remote_id") or values.get("reason")
                self._event(
                    conn,
                    claim_id,
                    None,
                    now,
                    str(values.get("state", "update")),
                    str(detail) if detail else None,
                )
        return bool(done)

    def mark_sent(self, claim: Claim, owner: str, now: datetime, text: str | None = None) -> bool:
        extra = {"text": text} if text is not None else {}
        return self.transition(
            claim.id,
            {CLAIMED, RETRY},
            now,
            state=SENT,
            owner=owner,
            attempts=claim.attempts + 1,
            **extra,
        )

    def record_result(
        self, claim: Claim, result: Result, now: datetime, *, final_failure: bool = False
    ) -> bool:
        """Store a publisher's answer on a sent claim."""
        if result.ok:
            state = PUBLISHED
        elif result.outcome == Outcome.UNKNOWN:
            state = UNKNOWN
        elif final_failure or result.outcome in (Outcome.REJECTED, Outcome.AUTH):
            state = FAILED
        else:
            state = RETRY
        return self.transition(
            claim.id,
            {SENT, UNKNOWN},
            now,
            state=state,
            outcome=str(result.outcome),
            remote_id=result.remote_id,
            url=result.url,
            error=result.error,
            retry_at=result.retry_at,
        )

    def get(self, claim_id: int) -> Claim:
        with self.engine.connect() as conn:
            row = conn.execute(select(claims).where(claims.c.id == claim_id)).one()
        return Claim.from_row(row)

    def claims(
        self,
        *,
        states: frozenset[str] | set[str] | None = None,
        account: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Claim]:
        query = select(claims)
        if states is not None:
            query = query.where(claims.c.state.in_(states))
        if account is not None:
            query = query.where(claims.c.account == account)
        if since is not None:
            query = query.where(claims.c.slot_at >= stamp(since))
        order = claims.c.slot_at.desc() if newest_first else claims.c.slot_at
        query = query.order_by(order, claims.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Claim.from_row(r) for r in conn.execute(query)]

    def posts_of_others(
        self, account: str, since: datetime, states: frozenset[str] | set[str]
    ) -> list[tuple[str, str, datetime]]:
        """(account, snippet, slot) of the other accounts' claims since then: what the stagger
        between networks needs, read without the texts (a burst of slots reads it per slot)."""
        query = select(claims.c.account, claims.c.snippet_id, claims.c.slot_at).where(
            claims.c.state.in_(states),
            claims.c.slot_at >= stamp(since),
            claims.c.account != account,
            claims.c.snippet_id.is_not(None),
        )
        with self.engine.connect() as conn:
            return [(a, s, _instant(at)) for a, s, at in conn.execute(query)]

    def claimed_slots(self, since: datetime, until: datetime) -> set[tuple[str, datetime]]:
        """Every (account, slot) in [since, until) that has a claim or an outcome: one query,
        however many accounts there are."""
        # Stamps keep whole seconds: a slot at 09:00:09 is before an `until` of 09:00:09.5,
        # though its stamp is not before that moment's stamp; so compare with the next second.
        if until.microsecond:
            until = until.replace(microsecond=0) + timedelta(seconds=1)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(claims.c.account, claims.c.slot_at).where(
                    claims.c.slot_at >= stamp(since), claims.c.slot_at < stamp(until)
                )
            )
            return {(r[0], unstamp(r[1])) for r in rows}  # type: ignore[misc]

    # ---- owners and accounts -----------------------------------------------------------

    def heartbeat(self, owner: str, now: datetime) -> None:
        with self._tx() as conn:
            done = conn.execute(
                update(heartbeats).where(heartbeats.c.owner == owner).values(seen_at=stamp(now))
            ).rowcount
            if not done:
                conn.execute(
                    insert(heartbeats).values(
                        owner=owner, seen_at=stamp(now), started_at=stamp(now)
                    )
                )

    def last_seen(self) -> datetime | None:
        """When any daemon last said it was alive: the start of a downtime."""
        with self.engine.connect() as conn:
            return unstamp(conn.execute(select(func.max(heartbeats.c.seen_at))).scalar())

    def live_owners(self, now: datetime, within_seconds: float) -> set[str]:
        cutoff = stamp(datetime.fromtimestamp(now.timestamp() - within_seconds, UTC))
        with self.engine.connect() as conn:
            rows = conn.execute(select(heartbeats.c.owner).where(heartbeats.c.seen_at >= cutoff))
            return {r[0] for r in rows}

    def stop_account(self, account: str, reason: str, now: datetime) -> None:
        with self._tx() as conn:
            conn.execute(account_states.delete().where(account_states.c.account == account))
            conn.execute(
                insert(account_states).values(
                    account=account, stopped_reason=reason, stopped_at=stamp(now)
                )
            )
            self._event(conn, None, account, now, "account-stopped", reason)

    def resume_account(self, account: str) -> None:
        with self._tx() as conn:
            conn.execute(account_states.delete().where(account_states.c.account == account))

    def stopped_accounts(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(account_states.c.account, account_states.c.stopped_reason))
            return {r[0]: r[1] for r in rows}

    # ---- events ------------------------------------------------------------------------

    def _event(
        self,
        conn: Connection,
        claim_id: int | None,
        account: str | None,
        now: datetime,
        kind: str,
        detail: str | None,
    ) -> None:
        conn.execute(
            insert(events).values(
                claim_id=claim_id, account=account, at=stamp(now), kind=kind, detail=detail
            )
        )

    def log_event(
        self, kind: str, now: datetime, *, account: str | None = None, detail: str | None = None
    ) -> None:
        with self._tx() as conn:
            self._event(conn, None, account, now, kind, detail)

    def events(self, limit: int = 100) -> list[dict[str, object]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(events).order_by(events.c.id.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]


def _engine_options(url: str) -> dict[str, object]:
    if url in ("sqlite://", "sqlite:///:memory:"):
        from sqlalchemy.pool import StaticPool

        # One shared connection, or every connection would see its own empty database.
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    if url.startswith("postgresql"):
        # A server that does not answer is named within seconds, not after minutes.
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": CONNECT_TIMEOUT}}
    return {"pool_pre_ping": True}


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # WAL lets the web desk read while the daemon writes; the busy timeout makes a second
    # process wait for a lock instead of failing.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable URL)"
