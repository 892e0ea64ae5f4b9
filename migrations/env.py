"""Alembic environment for the desk database.

Loket runs migrations from code (``loket.store.migrate``) with the open connection in
``config.attributes["connection"]``; there is no alembic.ini to find.
"""

from __future__ import annotations

from alembic import context

from loket.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a hand-run `alembic`
    raise RuntimeError("Run desk migrations through `loket db upgrade`.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
    compare_type=True,
    # SQLite does roll back DDL; the caller holds one transaction for the whole upgrade.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
