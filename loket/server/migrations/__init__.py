"""Alembic scripts of the city server's database (run by ``loket.server.migrate``)."""
