"""The office settings, declared once: key, type, default, who may change it, and why.

The desk's ``settings`` table is a key → JSON value store shared by every PC of an
office (the hub replicates it). Its keys used to be string literals spread over app/,
sync/ and store/, where a typo reads the default forever and nothing said who may change
what. Every key is declared here; ``loket.store.settings`` is the only reader and writer:
a value of the wrong type is refused, a key not declared here is refused, and a person
changing a setting needs the permission declared for it (``changed_by``; ``None``: only
the program itself writes it, never a person). A test scans the tree so that no key's
literal appears outside this module.

No SQL here (core): the declarations and their checks only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from loket.core.errors import InvalidInput
from loket.core.roles import Permission, Role, can

T = TypeVar("T")

#: How each JSON type is named in a refusal.
TYPE_WORDS: dict[type, str] = {
    bool: "ya/tidak",
    int: "bilangan bulat",
    str: "teks",
    dict: "objek",
    list: "daftar",
}


@dataclass(frozen=True)
class OfficeSetting(Generic[T]):
    """One declared setting; ``T`` is what a read returns (``kind`` or, if nullable, None)."""

    key: str
    kind: type
    default: T
    changed_by: Permission | None
    why: str
    nullable: bool = False

    def check(self, value: object) -> T:
        """The value if it has this setting's type, else an Indonesian refusal."""
        if value is None and self.nullable:
            return value  # type: ignore[return-value]
        fits = isinstance(value, self.kind) and not (
            self.kind is int and isinstance(value, bool)  # True is an int to Python
        )
        if not fits:
            word = TYPE_WORDS.get(self.kind, self.kind.__name__)
            raise InvalidInput(
                f"Pengaturan {self.key!r} harus berupa {word}"
                + (" atau kosong." if self.nullable else "."),
                key=self.key,
            )
        return value  # type: ignore[return-value]

    def coerce(self, stored: object) -> T:
        """A stored value read back: the default when it is missing or of another type.

        Rows are written through ``check``; an older Loket (or a hand edit) may have left
        a value of another type, and a read must not break a window over it.
        """
        if stored is None:
            return self.default
        try:
            return self.check(stored)
        except InvalidInput:
            if self.kind in (int, str) and not isinstance(stored, (dict, list, bool)):
                convert: Any = self.kind  # int or str: "30" → 30 and 30 → "30"
                try:
                    converted: T = convert(stored)
                    return converted
                except (TypeError, ValueError):
                    return self.default
            return self.default

    def allow(self, role: Role | str | None) -> None:
        """Refuse a person whose role may not change this setting (``None``: the program)."""
        if role is None:
            return
        if self.changed_by is None or not can(role, self.changed_by):
            raise InvalidInput(
                f"Anda tidak berhak mengubah pengaturan {self.key!r}. Minta admin kantor.",
                key=self.key,
            )


@dataclass(frozen=True)
class SettingFamily(Generic[T]):
    """Settings keyed by a prefix and a name (one per period, say), declared together."""

    prefix: str
    kind: type
    default: T
    changed_by: Permission | None
    why: str
    nullable: bool = False

    def at(self, name: str) -> OfficeSetting[T]:
        return OfficeSetting(
            self.prefix + name, self.kind, self.default, self.changed_by, self.why, self.nullable
        )


_ADMIN = Permission.ADMIN_OFFICE
_FIGURES = Permission.VIEW_FIGURES

# -- the desk's cached configuration ----------------------------------------------------

CONFIG_VERSION: OfficeSetting[int] = OfficeSetting(
    "config_version", int, 0, None,
    "Desks cache the office's set-up and re-read it only when this number moves; every "
    "admin change bumps it.",
)  # fmt: skip
PRIORITY_POLICY: OfficeSetting[dict[str, Any] | None] = OfficeSetting(
    "priority_policy", dict, None, _ADMIN,
    "How priority citizens (elderly, disabled, pregnant) go before others; None: the "
    "default policy.",
    nullable=True,
)  # fmt: skip
OVERNIGHT_QUEUE: OfficeSetting[bool] = OfficeSetting(
    "overnight_queue", bool, False, _ADMIN,
    "Keep waiting tickets open past midnight instead of closing them with the day.",
)  # fmt: skip
RUNNING_TEXT: OfficeSetting[str] = OfficeSetting(
    "running_text", str, "", _ADMIN,
    "The line that scrolls along the bottom of the public display.",
)  # fmt: skip

# -- keeping the data safe --------------------------------------------------------------

RETENTION_DAYS: OfficeSetting[int] = OfficeSetting(
    "retention_days", int, 365, _ADMIN,
    "How long citizens' personal data is kept before the purge (the figures stay).",
)  # fmt: skip
BACKUP_FOLDER: OfficeSetting[str | None] = OfficeSetting(
    "backup_folder", str, None, _ADMIN,
    "Where the daily backup goes (a USB disk works); None: the data folder's backups/.",
    nullable=True,
)  # fmt: skip
LAST_BACKUP_AT: OfficeSetting[str | None] = OfficeSetting(
    "last_backup_at", str, None, None,
    "When the last daily backup was taken (ISO time): the next is due 20 hours later.",
    nullable=True,
)  # fmt: skip
NIK_KEY_ID: OfficeSetting[str | None] = OfficeSetting(
    "nik_key_id", str, None, None,
    "Which key file (outside the data folder) hashes this office's NIKs.",
    nullable=True,
)  # fmt: skip

# -- figures and reports ----------------------------------------------------------------

CSV_STYLE: OfficeSetting[str | None] = OfficeSetting(
    "csv_style", str, None, _FIGURES,
    "The office's CSV style (id or en), so every PC exports the same; None: not chosen.",
    nullable=True,
)  # fmt: skip
IKM_FOLLOW_UP: SettingFamily[dict[str, Any] | None] = SettingFamily(
    "ikm_follow_up:", dict, None, _FIGURES,
    "A period's IKM analysis and follow-up plan (keyed by its first and last day), "
    "printed in that period's IKM report.",
    nullable=True,
)  # fmt: skip

# -- the city ---------------------------------------------------------------------------

CITY_SERVICES: OfficeSetting[list[Any] | None] = OfficeSetting(
    "city_services", list, None, None,
    "The city's published services, kept from enrollment for a set-up still to come.",
    nullable=True,
)  # fmt: skip
SYNC_ENROLL_REQUEST: OfficeSetting[dict[str, Any] | None] = OfficeSetting(
    "sync_enroll_request", dict, None, None,
    "The pending enrollment (the code's hash and its request id): a retry after a lost "
    "answer sends the same id.",
    nullable=True,
)  # fmt: skip
SYNC_FEEDBACK_SEQ: OfficeSetting[int] = OfficeSetting(
    "sync_feedback_seq", int, 0, None,
    "The highest ratings/SKM/hand-over sequence the city acknowledged.",
)  # fmt: skip

# -- online extras (off by default) -----------------------------------------------------

ONLINE_LINK_BASE: OfficeSetting[str] = OfficeSetting(
    "online.link_base", str, "", _ADMIN,
    "The city's public address for the ticket's QR link; empty: no link, no live state.",
)  # fmt: skip
ONLINE_PLACEMENT: OfficeSetting[str] = OfficeSetting(
    "online.placement", str, "arrival", _ADMIN,
    "Bookings take their place by arrival, or go first within their session.",
)  # fmt: skip
ONLINE_EARLY_MINUTES: OfficeSetting[int] = OfficeSetting(
    "online.early_minutes", int, 30, _ADMIN,
    "How early before its session a booking still counts as on time.",
)  # fmt: skip
ONLINE_NOTIFY_AHEAD: OfficeSetting[int] = OfficeSetting(
    "online.notify_ahead", int, 3, _ADMIN,
    "The 'almost your turn' message goes when this many people are ahead.",
)  # fmt: skip
ONLINE_NOTIFY_CHANNEL: OfficeSetting[str] = OfficeSetting(
    "online.notify_channel", str, "", _ADMIN,
    "How messages reach citizens: whatsapp, sms, or empty for none.",
)  # fmt: skip
ONLINE_GATEWAY_URL: OfficeSetting[str] = OfficeSetting(
    "online.gateway_url", str, "", _ADMIN,
    "The message gateway's address.",
)  # fmt: skip
ONLINE_GATEWAY_TOKEN: OfficeSetting[str] = OfficeSetting(
    "online.gateway_token", str, "", _ADMIN,
    "The message gateway's secret (never shown back, never audited).",
)  # fmt: skip
ONLINE_CITY_KEY: OfficeSetting[str | None] = OfficeSetting(
    "online.city_key", str, None, None,
    "The city's public key, to check a scanned booking QR while offline.",
    nullable=True,
)  # fmt: skip
ONLINE_SESSIONS: OfficeSetting[list[Any] | None] = OfficeSetting(
    "online.sessions", list, None, _ADMIN,
    "The office's bookable sessions, sent to the city by the hub's next round.",
    nullable=True,
)  # fmt: skip
ONLINE_SESSIONS_SENT: OfficeSetting[list[Any] | None] = OfficeSetting(
    "online.sessions_sent", list, None, None,
    "The sessions as last sent to the city (nothing to send while equal).",
    nullable=True,
)  # fmt: skip

SETTINGS: tuple[OfficeSetting[Any], ...] = (
    CONFIG_VERSION, PRIORITY_POLICY, OVERNIGHT_QUEUE, RUNNING_TEXT,
    RETENTION_DAYS, BACKUP_FOLDER, LAST_BACKUP_AT, NIK_KEY_ID,
    CSV_STYLE, CITY_SERVICES, SYNC_ENROLL_REQUEST, SYNC_FEEDBACK_SEQ,
    ONLINE_LINK_BASE, ONLINE_PLACEMENT, ONLINE_EARLY_MINUTES, ONLINE_NOTIFY_AHEAD,
    ONLINE_NOTIFY_CHANNEL, ONLINE_GATEWAY_URL, ONLINE_GATEWAY_TOKEN,
    ONLINE_CITY_KEY, ONLINE_SESSIONS, ONLINE_SESSIONS_SENT,
)  # fmt: skip
FAMILIES: tuple[SettingFamily[Any], ...] = (IKM_FOLLOW_UP,)
_BY_KEY = {spec.key: spec for spec in SETTINGS}


def declared(key: str) -> OfficeSetting[Any]:
    """The declaration of ``key`` (a family's member too); an unknown key is refused."""
    spec = _BY_KEY.get(key)
    if spec is not None:
        return spec
    for family in FAMILIES:
        if key.startswith(family.prefix) and len(key) > len(family.prefix):
            return family.at(key[len(family.prefix) :])
    raise InvalidInput(f"Pengaturan {key!r} tidak dikenal.", key=key)


def require_declared(spec: OfficeSetting[Any]) -> None:
    """Refuse a setting made up outside this module (its key, type or rights differ)."""
    if declared(spec.key) != spec:
        raise InvalidInput(f"Pengaturan {spec.key!r} tidak dikenal.", key=spec.key)
