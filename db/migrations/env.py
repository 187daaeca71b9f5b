"""Alembic environment: the engine comes from db.migrate (never from an ini file)."""

from alembic import context

from db.models import Base

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        user_module_prefix="db.types.",
    )
    with context.begin_transaction():
        context.run_migrations()
