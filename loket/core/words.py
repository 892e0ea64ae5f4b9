"""Indonesian number words and the call announcement, for the offline voice."""

from __future__ import annotations

_UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]

#: How an Indonesian announcer reads each letter of a ticket prefix.
LETTER_NAMES = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "fe", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}  # fmt: skip


def number_words(n: int) -> str:
    """0..999,999 in words: 12 -> "dua belas", 1100 -> "seribu seratus"."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"number out of range for an announcement: {n}")
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return _join(f"{_UNITS[tens]} puluh", rest)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return _join(head, rest)
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{number_words(thousands)} ribu"
    return _join(head, rest)


def _join(head: str, rest: int) -> str:
    return head if rest == 0 else f"{head} {number_words(rest)}"


def prefix_words(prefix: str) -> str:
    return " ".join(LETTER_NAMES.get(ch.upper(), ch) for ch in prefix if ch.isalnum())


def call_announcement(prefix: str, number: int, counter_number: int) -> str:
    """ "Nomor antrian A dua belas, silakan menuju loket dua." """
    letters = prefix_words(prefix)
    letters = letters[:1].upper() + letters[1:]  # "A", "Be": read as letter names
    return (
        f"Nomor antrian {letters} {number_words(number)}, "
        f"silakan menuju loket {number_words(counter_number)}."
    )


def format_number(value: float, places: int = 2) -> str:
    """Indonesian style: 1.234,5 (dot thousands, comma decimals), for reports and the CLI."""
    text_value = f"{value:,.{places}f}"
    return text_value.replace(",", "_").replace(".", ",").replace("_", ".")
