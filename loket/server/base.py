"""The declarative base of the city server's tables (``ServerBase.metadata``).

Each group of tables has its module (models, satisfaction_models, online.models, ...),
all on this base; ``loket.server.schema`` imports them all for Alembic and the schema
checks. No table module imports another's to register it: no import circles.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

from loket.sql.types import NAMING, UTCDateTime


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
    }
