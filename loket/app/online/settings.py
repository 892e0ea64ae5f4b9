"""The office's online choices, kept in the ``settings`` table (keys ``online.*``).

Off by default: a new office prints the ticket's id in its QR, as before. An admin turns
the live position on (``loket online enable`` or the admin screen); the link base is the
city's public address (by default the address this office is enrolled with).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from loket.core.errors import InvalidInput
from loket.core.roles import Role
from loket.core.settings import (
    ONLINE_EARLY_MINUTES,
    ONLINE_GATEWAY_TOKEN,
    ONLINE_GATEWAY_URL,
    ONLINE_LINK_BASE,
    ONLINE_NOTIFY_AHEAD,
    ONLINE_NOTIFY_CHANNEL,
    ONLINE_PLACEMENT,
    OfficeSetting,
)
from loket.store.database import Database
from loket.store.settings import read_setting, write_setting

#: Bookings take their place among walk-ins by arrival (check-in time) ...
PLACE_ARRIVAL = "arrival"
#: ... or go first when they check in within ``early_minutes`` of their session's start.
PLACE_SESSION = "session"
PLACEMENTS = (PLACE_ARRIVAL, PLACE_SESSION)


@dataclass(frozen=True)
class OnlineSettings:
    """``link_base`` empty: no link on tickets and no live state sent to the city."""

    link_base: str = ""
    placement: str = PLACE_ARRIVAL
    early_minutes: int = 30
    notify_ahead: int = 3  # "almost your turn" when this many people are ahead
    notify_channel: str = ""  # "", "whatsapp" or "sms"
    gateway_url: str = ""
    gateway_token: str = ""

    @property
    def live(self) -> bool:
        return bool(self.link_base)


#: Each field of ``OnlineSettings`` and its declared setting.
_FIELDS: dict[str, OfficeSetting[Any]] = {
    "link_base": ONLINE_LINK_BASE,
    "placement": ONLINE_PLACEMENT,
    "early_minutes": ONLINE_EARLY_MINUTES,
    "notify_ahead": ONLINE_NOTIFY_AHEAD,
    "notify_channel": ONLINE_NOTIFY_CHANNEL,
    "gateway_url": ONLINE_GATEWAY_URL,
    "gateway_token": ONLINE_GATEWAY_TOKEN,
}


def load_online(s: Session) -> OnlineSettings:
    return OnlineSettings(**{name: read_setting(s, spec) for name, spec in _FIELDS.items()})


def read_online(db: Database) -> OnlineSettings:
    with db.read() as s:
        return load_online(s)


def check(settings: OnlineSettings) -> OnlineSettings:
    base = settings.link_base.strip().rstrip("/")
    if base and not base.startswith(("https://", "http://")):
        raise InvalidInput("Alamat server kota harus diawali https:// (atau http://).")
    if settings.placement not in PLACEMENTS:
        raise InvalidInput("Penempatan booking harus 'arrival' atau 'session'.")
    if not 0 <= settings.early_minutes <= 240:
        raise InvalidInput("Menit sebelum sesi harus 0..240.")
    if not 1 <= settings.notify_ahead <= 50:
        raise InvalidInput("Pesan 'hampir giliran' dikirim saat 1..50 orang di depan.")
    if settings.notify_channel not in ("", "whatsapp", "sms"):
        raise InvalidInput("Saluran pesan harus whatsapp, sms atau kosong.")
    gateway = settings.gateway_url.strip().rstrip("/")
    if gateway and not gateway.startswith(("https://", "http://")):
        raise InvalidInput("Alamat gateway pesan harus diawali https:// (atau http://).")
    return replace(settings, link_base=base, gateway_url=gateway)


def save_online(
    s: Session, settings: OnlineSettings, *, role: Role | str | None = None
) -> OnlineSettings:
    """Store every field (checked); the caller's transaction audits the change."""
    settings = check(settings)
    for name, spec in _FIELDS.items():
        write_setting(s, spec, getattr(settings, name), role=role)
    return settings
