"""indicator snapshots: the daily counts per place and metric (flask indicators snapshot)

Revision ID: a1731a7f87ab
Revises: 84662204659b
Create Date: 2026-12-05 00:48:39.580735

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1731a7f87ab'
down_revision = '84662204659b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_snapshot')),
    sa.UniqueConstraint('day', 'metric', 'team_id', 'area_id', 'bucket', name='uq_indicator_snapshot_cell')
    )
    with op.batch_alter_table('indicator_snapshot', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_snapshot_metric_day', ['metric', 'day'], unique=False)



def downgrade():
    with op.batch_alter_table('indicator_snapshot', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_snapshot_metric_day')

    op.drop_table('indicator_snapshot')
