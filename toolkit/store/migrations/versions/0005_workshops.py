"""workshops: the statements a workshop asks about, and which respondents joined one

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("statements", sa.JSON(), nullable=True))
    with op.batch_alter_table("respondent") as batch:
        batch.add_column(sa.Column("workshop_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_respondent_workshop_id_workshop"),
            "workshop",
            ["workshop_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_respondent_workshop_id"), ["workshop_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("respondent") as batch:
        batch.drop_index(op.f("ix_respondent_workshop_id"))
        batch.drop_constraint(op.f("fk_respondent_workshop_id_workshop"), type_="foreignkey")
        batch.drop_column("workshop_id")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("statements")
