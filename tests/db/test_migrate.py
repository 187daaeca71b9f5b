from alembic import command
from sqlalchemy import inspect

from db.migrate import alembic_config, current_revision, is_initialised
from db.models import Base


def test_models_and_migrations_do_not_drift(app):
    # alembic check raises when autogenerate would produce any operation.
    command.check(alembic_config(app.engine))


def test_every_model_table_is_created_by_migrations(app):
    tables = set(inspect(app.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert is_initialised(app.engine)
    assert current_revision(app.engine) is not None
