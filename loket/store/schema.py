"""Every table of the desk database in ``metadata``: import this for the whole schema."""

from __future__ import annotations

from loket.store import (  # noqa: F401 - imported for their tables
    feedback_models,
    hub_models,
    letterhead_models,
    models,
    online_models,
    queue_models,
    sync_models,
    takeover_models,
)
from loket.store.base import Base

metadata = Base.metadata
