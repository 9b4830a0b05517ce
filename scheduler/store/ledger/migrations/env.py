"""Alembic's entry point. The scheduler passes its own connection (already inside the
migration's transaction and lock); the `alembic` command line gets one from the URL."""

from alembic import context
from sqlalchemy import create_engine

from scheduler.store.ledger.connection import database_url
from scheduler.store.ledger.schema import metadata
from scheduler.store.project import Project

config = context.config
connection = config.attributes.get("connection")

if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    context.run_migrations()
else:  # `alembic -c scheduler/store/ledger/migrations/alembic.ini …` by an engineer
    engine = create_engine(database_url(Project.locate().ledger_url))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
