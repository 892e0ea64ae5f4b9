"""Use cases over the store: each one transaction, each change with its event."""
