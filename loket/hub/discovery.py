"""Finding the hub on the office LAN: DNS-SD over mDNS (python-zeroconf).

The hub announces ``_loket-hub._tcp.local.`` with its port and, in the TXT record, the
office name and its certificate fingerprint; the client wizard lists what it finds (a
typed address works too). What mDNS says is only a hint: pairing still proves the hub
with the one-time code, and the pin is taken from the TLS handshake itself.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from loket import __version__

log = logging.getLogger(__name__)

SERVICE_TYPE = "_loket-hub._tcp.local."


@dataclass(frozen=True)
class FoundHub:
    name: str  # the instance name (the hub PC's name)
    office: str
    host: str  # an address to reach it at
    port: int
    fingerprint: str

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"


def _interfaces(bind_host: str) -> Any:
    from zeroconf import InterfaceChoice

    if bind_host in ("", "0.0.0.0", "::"):
        return InterfaceChoice.All
    return [bind_host]


def _addresses(bind_host: str) -> list[bytes]:
    if bind_host not in ("", "0.0.0.0", "::"):
        return [socket.inet_aton(bind_host)]
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                found.append(socket.inet_aton(ip.ip))
    return found or [socket.inet_aton("127.0.0.1")]


def service_info(instance: str, office: str, port: int, fingerprint: str, bind_host: str) -> Any:
    """The DNS-SD record the hub announces (built apart so a test can read it)."""
    from zeroconf import ServiceInfo

    clean = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in instance)[:50] or "hub"
    host = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in socket.gethostname())
    return ServiceInfo(
        SERVICE_TYPE,
        f"{clean}.{SERVICE_TYPE}",
        addresses=_addresses(bind_host),
        port=port,
        properties={
            "office": office[:200],
            "fp": fingerprint,
            "version": __version__,
            "path": "/api/v1",
        },
        server=f"{host or 'loket-hub'}.local.",
    )


class Announcer:
    """Keeps the hub's record on the LAN while the hub runs."""

    def __init__(self, info: Any, bind_host: str) -> None:
        self.info = info
        self.bind_host = bind_host
        self._zc: Any = None

    def start(self) -> None:
        from zeroconf import Zeroconf

        try:
            self._zc = Zeroconf(interfaces=_interfaces(self.bind_host))
            self._zc.register_service(self.info, allow_name_change=True)
        except Exception as exc:  # no multicast on this network: the typed address works
            log.warning("mDNS announce failed: %s", exc)
            self.stop()

    def stop(self) -> None:
        zc, self._zc = self._zc, None
        if zc is not None:
            with contextlib.suppress(Exception):
                zc.unregister_all_services()
            with contextlib.suppress(Exception):
                zc.close()


def _found(info: Any) -> FoundHub | None:
    props = {
        (k.decode() if isinstance(k, bytes) else str(k)): (
            v.decode("utf-8", "replace") if isinstance(v, bytes) else ""
        )
        for k, v in (info.properties or {}).items()
    }
    addresses = info.parsed_addresses()
    if not addresses or not info.port:
        return None
    name = info.name.removesuffix("." + SERVICE_TYPE)
    return FoundHub(
        name, props.get("office", ""), addresses[0], int(info.port), props.get("fp", "")
    )


def find_hubs(timeout: float = 3.0, *, interfaces: Any = None) -> list[FoundHub]:
    """The hubs that answer on the LAN within ``timeout`` seconds (for the wizard)."""
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    names: set[str] = set()
    lock = threading.Lock()

    class Listener(ServiceListener):
        def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            with lock:
                names.add(name)

        def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            with lock:
                names.add(name)

        def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
            with lock:
                names.discard(name)

    zc = Zeroconf(interfaces=interfaces) if interfaces is not None else Zeroconf()
    try:
        browser = ServiceBrowser(zc, SERVICE_TYPE, Listener())
        deadline = time.monotonic() + timeout
        hubs: dict[str, FoundHub] = {}
        while time.monotonic() < deadline:
            time.sleep(0.1)
            with lock:
                pending = [n for n in names if n not in hubs]
            for name in pending:
                info = zc.get_service_info(SERVICE_TYPE, name, timeout=500)
                hub = _found(info) if info is not None else None
                if hub is not None:
                    hubs[name] = hub
            if hubs and not pending and time.monotonic() > deadline - timeout / 2:
                break
        browser.cancel()
        return sorted(hubs.values(), key=lambda h: (h.office, h.name))
    finally:
        zc.close()
