"""One publish key per (account, snippet, generation), and the link's first comment per claim.

Both tables are new, so a ledger of revision 0001 keeps every row: its claims simply have no
publish key (the next claim of a pair takes the generation after the claims already there).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), primary_key=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("remote_id", sa.String(200)),
        sa.Column("error", sa.Text),
        sa.Column("retry_at", sa.String(32)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(100)),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("comments_by_state", "comments", ["state"])
    op.create_table(
        "publish_keys",
        sa.Column("account", sa.String(200), primary_key=True),
        sa.Column("snippet_id", sa.String(64), primary_key=True),
        sa.Column("generation", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("publish_keys")
    op.drop_index("comments_by_state", table_name="comments")
    op.drop_table("comments")
