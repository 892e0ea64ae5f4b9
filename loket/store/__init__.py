"""The desk's SQLite database: schema, opening, migrations, backups, checks."""
