"""Desk ↔ city sync: the protocol schemas (shared with the server), the client, the loop.

Nothing here imports Qt: the GUI wraps ``SyncLoop`` and reads its status object.
"""
