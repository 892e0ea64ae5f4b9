"""The city server: ingest of desk event logs, reference data for desks, city figures.

FastAPI over SQLAlchemy; SQLite by default (one file, nothing to install), PostgreSQL in
production. Its schema is its own (``loket/server/migrations``), never the desk's.
"""
