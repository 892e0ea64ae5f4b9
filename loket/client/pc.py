"""``<data>/pc.json``: what this PC is in its office.

``standalone`` (one-PC office; the default when the file is missing), ``hub`` (holds the
office database and serves the LAN) or ``client`` (uses a hub: its address, the pinned
certificate SHA-256 and this PC's token). The file holds a secret (the token), so it is
written owner-only. Apart from ``loket.client.connect`` (which opens the client that goes
with the role) so the hub's follower and take-over read it without importing back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from loket.core.errors import LoketError
from loket.logsetup import register_secret

PC_FILE = "pc.json"
STANDALONE, HUB, CLIENT = "standalone", "hub", "client"
ROLES = (STANDALONE, HUB, CLIENT)


@dataclass(frozen=True)
class PcConfig:
    role: str = STANDALONE
    hub_url: str | None = None
    fingerprint: str | None = None
    token: str | None = field(default=None, repr=False)
    pc_name: str | None = None
    office: str | None = None
    paired_at: str | None = None


def pc_path(data_dir: Path) -> Path:
    return data_dir / PC_FILE


def read_pc(data_dir: Path) -> PcConfig:
    path = pc_path(data_dir)
    if not path.exists():
        return PcConfig()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        config = PcConfig(**{k: raw[k] for k in PcConfig.__dataclass_fields__ if k in raw})
    except (ValueError, TypeError, KeyError) as exc:
        raise LoketError(
            f"Berkas {path} rusak. Hapus berkas itu lalu pasangkan PC ini lagi."
        ) from exc
    if config.role not in ROLES:
        raise LoketError(f"Peran PC {config.role!r} di {path} tidak dikenal.")
    if config.role == CLIENT and not (config.hub_url and config.fingerprint and config.token):
        raise LoketError(f"Berkas {path} tidak lengkap: pasangkan PC ini lagi.")
    register_secret(config.token)  # no log line, no diagnostics zip ever shows it
    return config


def write_pc(data_dir: Path, config: PcConfig) -> None:
    from loket.hub.cert import write_private_text

    data_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps({k: v for k, v in asdict(config).items() if v is not None}, indent=2)
    write_private_text(pc_path(data_dir), text + "\n")
    register_secret(config.token)
