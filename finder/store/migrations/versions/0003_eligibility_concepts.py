"""Diagnosis concepts named by each study's inclusion criteria, for the diagnosis prefilter.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

The table starts empty: PARSER_VERSION 4 marks every study made before as outdated, and `open_store` (when
few) or `trial-finder reparse` fills it. Until then the prefilter works as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trial_eligibility_concepts",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trials.id"],
            name=op.f("fk_trial_eligibility_concepts_trial_id_trials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("trial_id", "concept_id", name=op.f("pk_trial_eligibility_concepts")),
    )
    op.create_index(
        op.f("ix_trial_eligibility_concepts_concept_id"), "trial_eligibility_concepts", ["concept_id"]
    )


def downgrade() -> None:
    op.drop_table("trial_eligibility_concepts")
