"""The system of record: models, engine and sessions, sealed personal fields, migrations."""
