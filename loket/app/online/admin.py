"""Turning the online extras on and off (the CLI and the admin screen share this)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from loket.app.audit import Actor, record
from loket.app.office import list_services
from loket.app.online.settings import OnlineSettings, load_online, save_online
from loket.core.errors import InvalidInput
from loket.core.roles import Role
from loket.store.database import Database
from loket.sync.online_schemas import SessionRule
from loket.sync.state import load_state


def enrolled_url(db: Database) -> str:
    with db.read() as s:
        return _enrolled_url(s)


def _enrolled_url(s: Session) -> str:
    state = load_state(s)
    return state.server_url if state is not None else ""


def update_online(db: Database, actor: Actor, **changes: Any) -> OnlineSettings:
    """Change some online settings in one transaction, audited (never the token's value)."""
    with db.write() as s:
        return change_online(s, actor, None, changes)


def change_online(
    s: Session, actor: Actor, role: Role | str | None, changes: dict[str, Any]
) -> OnlineSettings:
    """The change and its audit entry, in the caller's transaction.

    Turning the live position on without a link base takes the city address this office
    is enrolled with; an office that is not enrolled must name one.
    """
    wanted = replace(load_online(s), **changes)
    if changes.get("link_base") == "" and "link_base" in changes:
        wanted = replace(wanted, link_base="")
    elif changes.get("link_base") is None and "link_base" in changes:
        default_base = _enrolled_url(s)
        if not default_base:
            raise InvalidInput(
                "Kantor ini belum terdaftar di server kota: sebutkan alamat publik "
                "server kota (--link-base https://...)."
            )
        wanted = replace(wanted, link_base=default_base)
    saved = save_online(s, wanted, role=role)
    shown = {k: v for k, v in changes.items() if k != "gateway_token"}
    if "gateway_token" in changes:
        shown["gateway_token"] = "diubah"
    record(s, actor, "online_settings_changed", "", **shown)
    return saved


@dataclass(frozen=True)
class SessionSpec:
    """A bookable session as the admin screen edits it (``weekdays``: ISO digits "12345")."""

    service_prefix: str
    weekdays: str
    start: str
    end: str
    quota: int


@dataclass(frozen=True)
class OnlineSetup:
    """The admin screen's view of the online settings (the gateway token never leaves)."""

    live: bool
    link_base: str
    enrolled_url: str
    placement: str
    early_minutes: int
    notify_ahead: int
    notify_channel: str
    gateway_url: str
    gateway_token_set: bool
    sessions: list[SessionSpec] = field(default_factory=list)


def read_setup(db: Database) -> OnlineSetup:
    with db.read() as s:
        return setup_view(s)


def setup_view(s: Session) -> OnlineSetup:
    from loket.app.online.booking import load_session_rules  # the desk: loaded when used

    settings = load_online(s)
    return OnlineSetup(
        live=settings.live,
        link_base=settings.link_base,
        enrolled_url=_enrolled_url(s),
        placement=settings.placement,
        early_minutes=settings.early_minutes,
        notify_ahead=settings.notify_ahead,
        notify_channel=settings.notify_channel,
        gateway_url=settings.gateway_url,
        gateway_token_set=bool(settings.gateway_token),
        sessions=[
            SessionSpec(r.service_prefix, r.weekdays, r.start, r.end, r.quota)
            for r in load_session_rules(s)
        ],
    )


def save_setup(
    db: Database,
    setup: OnlineSetup,
    gateway_token: str,
    actor: Actor,
    role: Role | str | None = None,
) -> OnlineSetup:
    """Save the screen (sessions checked against the office's services); "" keeps the token.

    One transaction: the services checked, the settings, the sessions and their audit
    entries, and the screen's new view.
    """
    changes: dict[str, Any] = {
        "link_base": (setup.link_base.strip() or None) if setup.live else "",
        "placement": setup.placement,
        "early_minutes": setup.early_minutes,
        "notify_ahead": setup.notify_ahead,
        "notify_channel": setup.notify_channel,
        "gateway_url": setup.gateway_url,
    }
    if gateway_token:
        changes["gateway_token"] = gateway_token
    from loket.app.online.booking import store_session_rules  # the desk: loaded when used

    with db.write() as s:
        rules = _session_rules(s, setup.sessions)
        change_online(s, actor, role, changes)
        store_session_rules(s, rules, actor, role=role)
        return setup_view(s)


def _session_rules(s: Session, sessions: list[SessionSpec]) -> list[SessionRule]:
    """The screen's sessions as rules, each checked against the office's services."""
    names = {sv.prefix: sv.name for sv in list_services(s)}
    rules = []
    for spec in sessions:
        if spec.service_prefix not in names:
            raise InvalidInput(f"Layanan {spec.service_prefix} tidak ada di kantor ini.")
        try:
            rule = SessionRule(service_prefix=spec.service_prefix,
                               service_name=names[spec.service_prefix],
                               weekdays="".join(sorted(set(spec.weekdays))), start=spec.start,
                               end=spec.end, quota=spec.quota)  # fmt: skip
        except ValidationError as exc:
            raise InvalidInput(
                f"Sesi {spec.service_prefix} tidak valid: hari 1–7 (1 = Senin), jam HH:MM, "
                "kuota 1–10000."
            ) from exc
        if rule.end <= rule.start:
            raise InvalidInput(f"Sesi {spec.service_prefix}: jam selesai harus setelah jam mulai.")
        rules.append(rule)
    return rules
