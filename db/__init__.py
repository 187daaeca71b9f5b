"""The system of record: SQLAlchemy models, engine and session factory, encrypted fields, migrations."""
