"""Every table of the city server's database in ``metadata``: the whole schema."""

from __future__ import annotations

from loket.server import models, satisfaction_models  # noqa: F401 - imported for their tables
from loket.server.base import ServerBase
from loket.server.online import models as online_models  # noqa: F401

metadata = ServerBase.metadata
