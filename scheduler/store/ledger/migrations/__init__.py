"""The ledger's schema history: Alembic revisions, applied whenever the ledger is opened.

``HEAD`` names the newest revision so that opening an up-to-date ledger costs one query and no
Alembic import; ``tests/test_migrations.py`` fails when it is not the head of ``versions/``.
How to add a revision: README.md in this folder.
"""

FIRST = "0001"  # the schema of the release of 2026-11-27 (commit 14c73af)
HEAD = "0003"
