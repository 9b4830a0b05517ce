"""Named staff, their server-side sessions, and the audit trail of every change.

All three tables are new: a ledger of revision 0002 keeps every row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("snippet_id", sa.String(64)),
        sa.Column("detail", sa.Text),
    )
    op.create_index("audit_log_by_at", "audit_log", ["at"])
    op.create_table(
        "staff_members",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )
    op.create_index("staff_sessions_by_name", "staff_sessions", ["name"])


def downgrade() -> None:
    op.drop_index("staff_sessions_by_name", table_name="staff_sessions")
    op.drop_table("staff_sessions")
    op.drop_table("staff_members")
    op.drop_index("audit_log_by_at", table_name="audit_log")
    op.drop_table("audit_log")
