"""Alembic environment for the city server's database (SQLite or PostgreSQL).

Run from code (``loket.server.migrate.upgrade``) with the open connection in
``config.attributes["connection"]``; there is no alembic.ini to find.
"""

from __future__ import annotations

from alembic import context

from loket.server.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a hand-run `alembic`
    raise RuntimeError("Run server migrations through `loket server run` or upgrade().")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
