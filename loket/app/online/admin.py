"""Turning the online extras on and off (the CLI and the admin screen share this)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from loket.app.audit import Actor, record
from loket.app.online.settings import OnlineSettings, load_online, save_online
from loket.core.errors import InvalidInput
from loket.store.database import Database
from loket.sync.state import load_state


def enrolled_url(db: Database) -> str:
    with db.read() as s:
        state = load_state(s)
    return state.server_url if state is not None else ""


def update_online(db: Database, actor: Actor, **changes: Any) -> OnlineSettings:
    """Change some online settings in one transaction, audited (never the token's value).

    Turning the live position on without a link base takes the city address this office
    is enrolled with; an office that is not enrolled must name one.
    """
    default_base = enrolled_url(db)
    with db.write() as s:
        current = load_online(s)
        wanted = replace(current, **changes)
        if changes.get("link_base") == "" and "link_base" in changes:
            wanted = replace(wanted, link_base="")
        elif changes.get("link_base") is None and "link_base" in changes:
            if not default_base:
                raise InvalidInput(
                    "Kantor ini belum terdaftar di server kota: sebutkan alamat publik "
                    "server kota (--link-base https://...)."
                )
            wanted = replace(wanted, link_base=default_base)
        saved = save_online(s, wanted)
        shown = {k: v for k, v in changes.items() if k != "gateway_token"}
        if "gateway_token" in changes:
            shown["gateway_token"] = "diubah"
        record(s, actor, "online_settings_changed", "", **shown)
    return saved
