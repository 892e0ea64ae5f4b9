"""The declarative base of the desk's tables (``Base.metadata``: every table of loket.db).

Each group of tables has its module (models, sync_models, feedback_models, ...), all on
this base; ``loket.store.schema`` imports them all for whoever needs the whole schema
(Alembic's comparison, the hub's replica). No table module imports another's to
register it, so none of them import each other in a circle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

from loket.sql.types import NAMING, UTCDateTime


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}
