"""Opening the ledger: the database URL, the engine and its SQLite settings, and migrating it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection

from scheduler.errors import LedgerError

CONNECT_TIMEOUT = 5  # seconds

# The database's own clock, in seconds since the epoch: `doctor` compares it with ours.
_SERVER_CLOCK = {
    "postgresql": "SELECT extract(epoch FROM clock_timestamp())",
    "sqlite": "SELECT (julianday('now') - 2440587.5) * 86400.0",
}


def database_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable URL)"


def tool_url(url: str) -> str:
    """A PostgreSQL URL as pg_dump and pg_restore take it: the plain driver name, and never
    the password (it goes in PGPASSWORD or ~/.pgpass, not in a printed command)."""
    from sqlalchemy.engine import make_url

    plain = make_url(url)._replace(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False)


class Connected:
    """The engine every part of the ledger shares, opened (and migrated) once."""

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
        """Bring the schema to the newest revision (ledger/migrate.py); what was done."""
        from scheduler.store.ledger.migrate import bring_up_to_date

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
        """One transaction: everything in it is written, or nothing."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def ping(self) -> None:
        """Raise when the database does not answer."""
        with self._read():
            pass

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def server_clock(self) -> float | None:
        """The database's time in seconds since the epoch; None on a database we cannot ask."""
        query = _SERVER_CLOCK.get(self.dialect)
        if query is None:
            return None
        with self._read() as conn:
            return float(conn.execute(text(query)).scalar())  # type: ignore[arg-type]

    def close(self) -> None:
        self.engine.dispose()


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
