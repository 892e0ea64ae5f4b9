"""The office's own recorded voice: which clips a call needs, and the sentence from them.

A call is read as the core says it (``loket.core.words``): "Nomor antrian C seratus dua
puluh tiga, silakan menuju loket dua". The clip set is the phrases that sentence is made
of, so a small fixed list covers every ticket and counter number:

- "nomor antrian", "silakan menuju", "loket";
- one clip per letter in use ("ce" for C, as the core spells the letters);
- 0–19 ("nol" … "sembilan belas"), the tens ("dua puluh" … "sembilan puluh"),
  "seratus", "ratus", "seribu", "ribu" (so 123 is "seratus" + "dua puluh" + "tiga",
  and 250 is "dua" + "ratus" + "lima puluh").

Clips are WAV files named after their phrase (``dua-puluh.wav``) in ``<data>/voice/clips``.
Each is trimmed of the silence at its ends and joined with a short, even pause, so a
listener hears one sentence, not a string of recordings. If any clip the sentence needs
is missing, ``assemble`` says so and the caller speaks the whole sentence with the
bundled voice: never half a sentence in one voice and half in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from loket.core.words import LETTER_NAMES, number_words
from loket.voice.pcm import RATE, Pcm, PcmError, fade, join, read_wav, silence, trim

#: The pause between two words of a call, and at the comma.
WORD_GAP_MS = 60
COMMA_GAP_MS = 300


def slug(phrase: str) -> str:
    return "-".join(phrase.lower().split())


def number_clips(n: int) -> list[str]:
    """The clip phrases of ``n`` from the core's own words ("dua puluh" stays one clip)."""
    words = number_words(n)
    phrases: list[str] = []
    for match in re.finditer(r"\w+ (?:puluh|belas)|\w+", words):
        phrases.append(match.group(0))
    return phrases


def letter_clips(prefix: str) -> list[str]:
    return [LETTER_NAMES.get(ch.upper(), ch.lower()) for ch in prefix if ch.isalnum()]


def call_clips(prefix: str, number: int, counter_number: int) -> list[str]:
    """The clips of one call, in order; "," marks the pause at the comma."""
    return [
        "nomor antrian",
        *letter_clips(prefix),
        *number_clips(number),
        ",",
        "silakan menuju",
        "loket",
        *number_clips(counter_number),
    ]


@dataclass(frozen=True)
class ClipItem:
    """One line of the admin's recording list: what to say, and the file it goes to."""

    phrase: str
    hint: str  # what it is for, shown beside it

    @property
    def filename(self) -> str:
        return slug(self.phrase) + ".wav"


def clip_list(prefixes: Iterable[str], counter_numbers: Iterable[int] = ()) -> list[ClipItem]:
    """The guided list an admin records: every phrase a call of this office can need."""
    items = [ClipItem("nomor antrian", "awal panggilan")]
    seen: set[str] = {"nomor antrian"}

    def add(phrase: str, hint: str) -> None:
        if phrase not in seen:
            seen.add(phrase)
            items.append(ClipItem(phrase, hint))

    for prefix in sorted(set(prefixes)):
        for letter, name in zip(prefix, letter_clips(prefix), strict=False):
            add(name, f"huruf {letter.upper()}")
    for n in range(20):
        add(number_words(n), f"angka {n}")
    for tens in range(2, 10):
        add(number_words(tens * 10), f"angka {tens * 10}")
    add("seratus", "angka 100")
    add("ratus", "dua ratus, tiga ratus, …")
    add("seribu", "angka 1000")
    add("ribu", "dua ribu, …")
    add("silakan menuju", "sebelum nomor loket")
    add("loket", "sebelum nomor loket")
    for number in sorted(set(counter_numbers)):
        for phrase in number_clips(number):
            add(phrase, f"loket {number}")
    return items


class ClipSet:
    """The recorded clips in one folder, loaded, trimmed and cached by phrase."""

    def __init__(self, folder: Path, rate: int = RATE) -> None:
        self.folder = folder
        self.rate = rate
        self._cache: dict[str, tuple[float, Pcm]] = {}

    def path(self, phrase: str) -> Path:
        return self.folder / (slug(phrase) + ".wav")

    def has(self, phrase: str) -> bool:
        return self.path(phrase).is_file()

    def missing(self, phrases: Iterable[str]) -> list[str]:
        return [p for p in phrases if p != "," and not self.has(p)]

    def load(self, phrase: str) -> Pcm:
        path = self.path(phrase)
        mtime = path.stat().st_mtime
        cached = self._cache.get(phrase)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        pcm = fade(trim(read_wav(path, self.rate)))
        if not pcm.samples:
            raise PcmError(f"{path.name} hanya berisi diam")
        self._cache[phrase] = (mtime, pcm)
        return pcm

    def assemble(self, phrases: list[str]) -> Pcm | None:
        """The sentence from the clips, or None when any clip is missing or unreadable."""
        if self.missing(phrases):
            return None
        pieces: list[Pcm] = []
        try:
            for i, phrase in enumerate(phrases):
                if phrase == ",":
                    pieces.append(silence(COMMA_GAP_MS, self.rate))
                    continue
                if i and phrases[i - 1] != ",":
                    pieces.append(silence(WORD_GAP_MS, self.rate))
                pieces.append(self.load(phrase))
        except (OSError, PcmError):
            return None
        return join(pieces, self.rate)


def import_folder(source: Path, target: Path, wanted: Iterable[ClipItem]) -> list[str]:
    """Copy the WAVs of ``source`` named like the list's clips into ``target``.

    Names are matched loosely ("Dua Puluh.wav", "dua_puluh.WAV" and "dua-puluh.wav" are
    the same clip). Each file is checked (a WAV Loket can read, not silent) and stored
    in the one format Loket plays. Returns the phrases imported.
    """
    from loket.voice.pcm import write_wav

    by_key = {slug(item.phrase): item for item in wanted}
    done: list[str] = []
    for path in sorted(source.iterdir()):
        if path.suffix.lower() != ".wav" or not path.is_file():
            continue
        key = slug(path.stem.replace("_", " "))
        item = by_key.get(key)
        if item is None:
            continue
        pcm = read_wav(path)
        if not trim(pcm).samples:
            raise PcmError(f"{path.name} hanya berisi diam")
        write_wav(pcm, target / item.filename)
        done.append(item.phrase)
    return done


def clips_folder(data_dir: Path) -> Path:
    """Where an office's recordings live: in its data folder, beside the database."""
    return data_dir / "voice" / "clips"
