"""The ledger as the release of 2026-11-27 (commit 14c73af) made it with create_all.

A ledger made by that release has no alembic_version table: it is stamped with this revision,
never rebuilt. Written out in full, not as metadata.create_all, because the metadata moves on.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    schema_info = op.create_table(
        "schema_info",
        sa.Column("version", sa.Integer, primary_key=True),
    )
    op.bulk_insert(schema_info, [{"version": 1}])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("slot_at", sa.String(32), nullable=False),
        sa.Column("snippet_id", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16)),
        sa.Column("text", sa.Text),
        sa.Column("remote_id", sa.String(200)),
        sa.Column("url", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("retry_at", sa.String(32)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(100)),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("account", "slot_at", name="one_claim_per_account_slot"),
    )
    op.create_index("claims_by_state", "claims", ["state"])
    op.create_index("claims_by_snippet", "claims", ["snippet_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id")),
        sa.Column("account", sa.String(200)),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text),
    )
    op.create_table(
        "heartbeats",
        sa.Column("owner", sa.String(100), primary_key=True),
        sa.Column("seen_at", sa.String(32), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "account_states",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("stopped_reason", sa.Text),
        sa.Column("stopped_at", sa.String(32)),
    )
    op.create_table(
        "short_links",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("snippet_id", sa.String(64), nullable=False),
        sa.Column("essay", sa.String(200), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("snippet_id", "platform", name="one_code_per_snippet_platform"),
    )
    op.create_table(
        "clicks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(32), sa.ForeignKey("short_links.code"), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("referrer_host", sa.String(255)),
        sa.Column("weight", sa.Float, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the first revision is not undone: restore a backup instead")
