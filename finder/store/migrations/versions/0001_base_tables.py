"""Base tables: trials and their sites.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nct_id", sa.String(16), nullable=False),
        sa.Column("org_study_id", sa.Text(), nullable=True),
        sa.Column("secondary_ids", sa.JSON(), nullable=False),
        sa.Column("brief_title", sa.Text(), nullable=False),
        sa.Column("official_title", sa.Text(), nullable=True),
        sa.Column("acronym", sa.Text(), nullable=True),
        sa.Column("overall_status", sa.String(40), nullable=True),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("study_type", sa.String(40), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("condition_mesh_terms", sa.JSON(), nullable=False),
        sa.Column("condition_mesh_ancestors", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("interventions", sa.JSON(), nullable=False),
        sa.Column("brief_summary", sa.Text(), nullable=True),
        sa.Column("detailed_description", sa.Text(), nullable=True),
        sa.Column("eligibility_text", sa.Text(), nullable=True),
        sa.Column("min_age_raw", sa.String(40), nullable=True),
        sa.Column("min_age_days", sa.Float(), nullable=True),
        sa.Column("max_age_raw", sa.String(40), nullable=True),
        sa.Column("max_age_days", sa.Float(), nullable=True),
        sa.Column("sex", sa.String(10), nullable=True),
        sa.Column("healthy_volunteers", sa.Boolean(), nullable=True),
        sa.Column("sponsor", sa.Text(), nullable=True),
        sa.Column("sponsor_class", sa.String(40), nullable=True),
        sa.Column("enrollment", sa.Integer(), nullable=True),
        sa.Column("enrollment_type", sa.String(20), nullable=True),
        sa.Column("first_posted", sa.Date(), nullable=True),
        sa.Column("last_update_posted", sa.Date(), nullable=True),
        sa.Column("status_verified", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("completion_date", sa.Date(), nullable=True),
        sa.Column("central_contacts", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("snapshot_date", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trials")),
        sa.UniqueConstraint("nct_id", name=op.f("uq_trials_nct_id")),
    )
    op.create_index(op.f("ix_trials_overall_status"), "trials", ["overall_status"])
    op.create_index(op.f("ix_trials_min_age_days"), "trials", ["min_age_days"])
    op.create_index(op.f("ix_trials_max_age_days"), "trials", ["max_age_days"])
    op.create_index(op.f("ix_trials_sex"), "trials", ["sex"])
    op.create_index(op.f("ix_trials_snapshot_date"), "trials", ["snapshot_date"])

    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("facility", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("postal_code", sa.String(40), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("coordinates_from", sa.String(10), nullable=True),
        sa.Column("status", sa.String(40), nullable=True),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trials.id"], name=op.f("fk_locations_trial_id_trials"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_index(op.f("ix_locations_trial_id"), "locations", ["trial_id"])
    op.create_index("ix_locations_lat_lon", "locations", ["latitude", "longitude"])


def downgrade() -> None:
    op.drop_table("locations")
    op.drop_table("trials")
