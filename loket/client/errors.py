"""The refusals that come from the LAN link itself, not from the office's rules."""

from __future__ import annotations

from loket.core.errors import LoketError


class HubUnreachable(LoketError):
    """The hub did not answer in time; the action was not done (or will be re-sent)."""

    code = "hub_unreachable"


class NotPaired(LoketError):
    """The hub does not know this PC's token (never paired, or revoked): pair again."""

    code = "not_paired"


class HubCertificateMismatch(LoketError):
    """The machine at the hub's address shows another certificate than the one pinned."""

    code = "hub_certificate_mismatch"


class TooManyAttempts(LoketError):
    """Too many wrong codes or passwords from this PC (or the office): wait, then retry."""

    code = "rate_limited"


UNREACHABLE_MESSAGE = (
    "PC utama tidak terjangkau. Periksa PC utama (menyala, jaringan kantor) lalu ulangi; "
    "antrian tidak dicatat di PC ini."
)
NOT_PAIRED_MESSAGE = (
    "PC ini tidak (lagi) dipasangkan dengan PC utama: pasangkan ulang "
    "(loket pair --hub https://ALAMAT:8765 --code KODE)."
)
MISMATCH_MESSAGE = (
    "Sertifikat PC utama berbeda dari yang dipasangkan: mungkin ada yang menyamar sebagai "
    "PC utama. Jangan lanjutkan; bila PC utama memang diganti, pasangkan ulang."
)
