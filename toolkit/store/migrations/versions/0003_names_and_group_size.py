"""a name once per round; each organisation's minimum group size

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # A name given twice in a round before this rule existed keeps its answers: the second
    # and later become "Sam (2)", "Sam (3)" so that the rule can hold.
    rows = bind.execute(
        sa.text(
            "SELECT id, round_id, display_name FROM respondent "
            "WHERE display_name IS NOT NULL ORDER BY round_id, id"
        )
    ).all()
    taken = {(round_id, name) for _, round_id, name in rows}
    seen: set[tuple[int, str]] = set()
    for respondent_id, round_id, name in rows:
        if (round_id, name) not in seen:
            seen.add((round_id, name))
            continue
        number = 2
        while (round_id, f"{name[:190]} ({number})") in taken:
            number += 1
        renamed = f"{name[:190]} ({number})"
        taken.add((round_id, renamed))
        bind.execute(
            sa.text("UPDATE respondent SET display_name = :name WHERE id = :id"),
            {"name": renamed, "id": respondent_id},
        )
    op.create_index(
        "uq_respondent_round_id_display_name",
        "respondent",
        ["round_id", "display_name"],
        unique=True,
    )
    op.add_column(
        "organisation",
        sa.Column("minimum_group_size", sa.Integer(), nullable=False, server_default="3"),
    )


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_column("minimum_group_size")
    op.drop_index("uq_respondent_round_id_display_name", table_name="respondent")
