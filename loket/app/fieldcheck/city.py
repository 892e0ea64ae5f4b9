"""Field check of the city server: reachable, this desk's token accepted, the PC's clock
right. Time-boxed: a doctor must not hang on a dead network.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from loket.app.fieldcheck.findings import Finding, Status, age_text
from loket.paths import database_path

#: The same threshold the sync status uses: beyond it waits and times in the register
#: are off. Beyond an hour the service day itself may be wrong.
SKEW_WARN_SECONDS = 5 * 60
SKEW_FAIL_SECONDS = 60 * 60
#: The city server's unauthenticated health endpoint (loket/server/app.py).
HEALTH_PATH = "/api/v1/health"
HTTP_TIMEOUT = (3.0, 5.0)  # connect, read: a doctor must not hang on a dead network


# -- city server -------------------------------------------------------------------------


def _enrollment(data_dir: Path) -> tuple[str, str | None, bool] | None:
    """(server_url, ca_bundle, needs_enroll) of this desk, None when not enrolled."""
    from loket.app.probe import enrollment

    if not database_path(data_dir).is_file():
        return None
    return enrollment(data_dir)


def check_city_server(
    data_dir: Path,
    *,
    get: Callable[..., Any] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Finding]:
    topic = "Server kota"
    enrolled = _enrollment(data_dir)
    if enrolled is None:
        return [
            Finding(
                Status.INFO,
                topic,
                "PC ini belum terdaftar ke server kota; pemeriksaan dilewati.",
                "Daftarkan dengan kode pendaftaran dari Diskominfo bila kantor "
                "sudah terhubung ke server kota.",
            )
        ]
    url, ca_bundle, needs_enroll = enrolled
    if get is None:
        import requests

        get = requests.get
    findings = [_token_refused(topic)] if needs_enroll else []
    try:
        response = get(
            url.rstrip("/") + HEALTH_PATH, timeout=HTTP_TIMEOUT, verify=ca_bundle or True
        )
    except Exception as exc:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                f"{url} tidak dapat dihubungi ({type(exc).__name__}).",
                "Loket tetap bekerja tanpa jaringan; data dikirim saat tersambung lagi. "
                "Periksa kabel/Wi-Fi, proxy dan firewall bila berlangsung lebih dari sehari.",
            )
        )
        return findings
    status_code = int(getattr(response, "status_code", 0))
    if status_code >= 400:
        findings.append(
            Finding(
                Status.WARN,
                topic,
                f"{url} menjawab HTTP {status_code}.",
                "Laporkan ke help desk kota.",
            )
        )
    else:
        findings.append(Finding(Status.OK, topic, f"{url} menjawab (HTTP {status_code})."))
    findings.append(_skew_finding(response, now()))
    return findings


def _token_refused(topic: str) -> Finding:
    return Finding(
        Status.WARN,
        topic,
        "Server menolak token perangkat ini.",
        "Daftarkan ulang PC ini dengan kode pendaftaran baru dari Diskominfo.",
    )


def _skew_finding(response: Any, local: datetime) -> Finding:
    topic = "Jam komputer"
    header = response.headers.get("Date") if getattr(response, "headers", None) else None
    try:
        server = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        server = None
    if server is None:
        return Finding(Status.INFO, topic, "Server tidak mengirim jamnya; selisih tidak diukur.")
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    skew = (server - local).total_seconds()  # > 0: this PC is behind
    direction = "terlambat" if skew > 0 else "terlalu cepat"
    text = f"Jam PC ini {direction} {age_text(timedelta(seconds=abs(skew)))} dibanding server kota."
    advice = (
        "Betulkan jam dan zona waktu Windows (Setelan > Waktu & bahasa > Atur waktu "
        "otomatis), agar waktu tunggu dan hari layanan tercatat benar."
    )
    if abs(skew) > SKEW_FAIL_SECONDS:
        return Finding(Status.FAIL, topic, text, advice)
    if abs(skew) > SKEW_WARN_SECONDS:
        return Finding(Status.WARN, topic, text, advice)
    return Finding(Status.OK, topic, f"Selisih dengan server kota {abs(skew):.0f} detik.")
