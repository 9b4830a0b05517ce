"""The ledger: what the machine did. Claims, attempts, results, clicks, people. Facts only.

SQLite by default; PostgreSQL for several replicas. Every SQL statement of the scheduler lives
in this package (the migrations aside), one module per concern:

- schema.py: the tables, the state names and the one time format;
- connection.py: the engine, database URLs, SQLite settings, migrating on open;
- claims.py: the claim state machine, and comments.py the same for link comments
  (functions of a ledger);
- history.py: what was published where and when; links.py: short links and clicks
  (functions of a ledger);
- owners.py: heartbeats and stopped accounts; events.py: the event log;
- people.py: staff, sessions and the audit trail; files.py: a SQLite ledger as a file.

``Ledger`` ties them into one object, so a caller holds one ledger and asks it by name.
"""

from __future__ import annotations

from scheduler.store.ledger.claims import Claims
from scheduler.store.ledger.events import Events
from scheduler.store.ledger.history import History
from scheduler.store.ledger.owners import Owners
from scheduler.store.ledger.people import People


class Ledger(Claims, History, Owners, Events, People):
    """One database: open it with its URL (migrated unless ``migrate=False``), close it."""
