from .fixtures import live_server, server_db, server_db_url

__all__ = ["live_server", "server_db", "server_db_url"]
