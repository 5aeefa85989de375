"""Criteria parsed once at import (with the parser version) and the diagnosis concepts of each study.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Existing studies get NULL criteria and parser version; `open_store` re-parses them after the upgrade when
they are few, else `trial-finder reparse` does (see `finder.store.reparse`): no re-import needed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trials") as batch:
        batch.add_column(sa.Column("criteria_json", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("parser_version", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_trials_parser_version"), ["parser_version"])

    op.create_table(
        "trial_concepts",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trials.id"], name=op.f("fk_trial_concepts_trial_id_trials"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("trial_id", "concept_id", name=op.f("pk_trial_concepts")),
    )
    op.create_index(op.f("ix_trial_concepts_concept_id"), "trial_concepts", ["concept_id"])


def downgrade() -> None:
    op.drop_table("trial_concepts")
    with op.batch_alter_table("trials") as batch:
        batch.drop_index(batch.f("ix_trials_parser_version"))
        batch.drop_column("parser_version")
        batch.drop_column("criteria_json")
