"""The hub's own TLS certificate, made once and kept in the data dir.

Why self-made: an office LAN has no domain name and no CA. Clients pin the certificate's
SHA-256 when they pair (as Syncthing does), so nobody on the office Wi-Fi can read
tokens or citizen data or pose as the hub. The private key is written owner-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

CERT_NAME = "hub-cert.pem"
KEY_NAME = "hub-key.pem"
#: Long-lived on purpose: a renewed certificate means pairing every PC again.
VALID_DAYS = 20 * 365


@dataclass(frozen=True)
class HubCertificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the DER certificate, lowercase hex


def fingerprint_of_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def normalize_fingerprint(value: str) -> str:
    """Accept AA:BB:.. or aabb.. (as people copy them) and give plain lowercase hex."""
    return value.replace(":", "").replace(" ", "").strip().lower()


def pretty_fingerprint(value: str) -> str:
    """Grouped for reading aloud and comparing by eye: ``AB12 CD34 …``."""
    hexed = normalize_fingerprint(value).upper()
    return " ".join(hexed[i : i + 4] for i in range(0, len(hexed), 4))


def _pem_fingerprint(cert_path: Path) -> str:
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text(encoding="ascii"))
    return fingerprint_of_der(der)


def ensure_certificate(data_dir: Path) -> HubCertificate:
    """The hub's certificate, made on first use (EC P-256, self-signed)."""
    cert_path = data_dir / CERT_NAME
    key_path = data_dir / KEY_NAME
    if cert_path.exists() and key_path.exists():
        return HubCertificate(cert_path, key_path, _pem_fingerprint(cert_path))
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    data_dir.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Loket hub " + socket.gethostname())])
    now = dt.datetime.now(dt.UTC)
    alt_names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    with contextlib.suppress(ValueError):
        alt_names.append(x509.DNSName(socket.gethostname()))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(key_path, key_pem)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return HubCertificate(cert_path, key_path, _pem_fingerprint(cert_path))


def _write_private(path: Path, data: bytes) -> None:
    """Write a secret readable by its owner only (0600), never world-readable even briefly."""
    tmp = path.with_name(path.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def write_private_text(path: Path, text: str) -> None:
    _write_private(path, text.encode("utf-8"))
