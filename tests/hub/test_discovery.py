"""The hub's DNS-SD record, and finding it by mDNS (on the loopback interface only)."""

from __future__ import annotations

import pytest

from loket.hub.discovery import SERVICE_TYPE, Announcer, find_hubs, service_info

LOOPBACK = "127.0.0.1"


def test_the_record_names_the_service_port_office_and_fingerprint() -> None:
    info = service_info("PC Utama/1", "Kelurahan Uji", 8765, "ab" * 32, LOOPBACK)
    assert info.type == SERVICE_TYPE == "_loket-hub._tcp.local."
    assert info.name.endswith("." + SERVICE_TYPE) and "/" not in info.name
    assert info.port == 8765
    assert info.parsed_addresses() == [LOOPBACK]
    assert info.properties[b"office"] == b"Kelurahan Uji"
    assert info.properties[b"fp"] == ("ab" * 32).encode()


def test_a_hub_announced_on_loopback_is_found_with_its_address() -> None:
    info = service_info("pc-utama", "Kelurahan Uji", 8765, "cd" * 32, LOOPBACK)
    announcer = Announcer(info, LOOPBACK)
    announcer.start()
    try:
        hubs = find_hubs(4.0, interfaces=[LOOPBACK])
    finally:
        announcer.stop()
    if not hubs:
        pytest.skip("no multicast on this machine's loopback: the record test covers content")
    (hub,) = [h for h in hubs if h.fingerprint == "cd" * 32]
    assert (hub.office, hub.port, hub.url) == ("Kelurahan Uji", 8765, "https://127.0.0.1:8765")
