"""The bundled voice and the office's recorded clips, with no audio device (issue 18)."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest

from loket.voice import espeak
from loket.voice.clips import (
    COMMA_GAP_MS,
    WORD_GAP_MS,
    ClipSet,
    call_clips,
    clip_list,
    import_folder,
    slug,
)
from loket.voice.pcm import (
    RATE,
    TRIM_KEEP_MS,
    Pcm,
    read_wav,
    silence,
    trim,
    wav_bytes,
    write_wav,
)

SENTENCE = "Nomor antrian C seratus dua puluh tiga, silakan menuju loket dua"
C123_TO_2 = ["nomor antrian", "ce", "seratus", "dua puluh", "tiga", ",", "silakan menuju",
             "loket", "dua"]  # fmt: skip

pytestmark = pytest.mark.timeout(60)


def test_the_bundled_voice_renders_the_call_to_a_real_wav(tmp_path: Path) -> None:
    assert espeak.available() is None, espeak.available()
    pcm = espeak.render(SENTENCE)
    path = write_wav(pcm, tmp_path / "call.wav")
    back = read_wav(path)
    # 11 words and a comma at 150 words a minute: about 4 to 6 seconds, never a blip
    assert 3.0 < back.seconds < 9.0, back.seconds
    assert back.peak() > 8000  # speech, not silence
    spoken = trim(back)
    assert spoken.seconds > 0.8 * back.seconds - 0.5  # mostly voice, not padding
    assert back.rms() > 800


def _tone(ms: float, freq: float) -> Pcm:
    n = int(RATE * ms / 1000)
    return Pcm(RATE, array("h", (int(12000 * math.sin(2 * math.pi * freq * i / RATE))
                                 for i in range(n))))  # fmt: skip


def _clip_set(folder: Path, phrases: list[str]) -> dict[str, float]:
    """Each phrase a tone of its own length (ms), with silence at both ends to trim."""
    lengths: dict[str, float] = {}
    for i, phrase in enumerate(dict.fromkeys(p for p in phrases if p != ",")):
        ms = 200 + 37 * i
        lengths[phrase] = ms
        pad = silence(120)
        body = _tone(ms, 300 + 40 * i)
        clip = Pcm(RATE, pad.samples + body.samples + pad.samples)
        (folder / f"{slug(phrase)}.wav").write_bytes(wav_bytes(clip))
    return lengths


def _segments(pcm: Pcm, min_gap_ms: float = 30) -> list[float]:
    """Lengths (ms) of the sounding stretches, split at silences longer than min_gap_ms."""
    gap = int(RATE * min_gap_ms / 1000)
    out: list[float] = []
    start = None
    quiet = 0
    for i, s in enumerate(pcm.samples):
        if abs(s) > 300:
            if start is None:
                start = i
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet > gap:
                out.append((i - quiet + 1 - start) * 1000 / RATE)
                start, quiet = None, 0
    if start is not None:
        out.append((len(pcm.samples) - quiet - start) * 1000 / RATE)
    return out


def test_the_call_is_assembled_from_clips_in_order(tmp_path: Path) -> None:
    assert call_clips("C", 123, 2) == C123_TO_2
    lengths = _clip_set(tmp_path, C123_TO_2)
    pcm = ClipSet(tmp_path).assemble(C123_TO_2)
    assert pcm is not None
    words = [p for p in C123_TO_2 if p != ","]
    # the clip sequence: each sounding stretch is the next clip, trimmed of its silence
    found = _segments(pcm)
    assert len(found) == len(words)
    for got, phrase in zip(found, words, strict=True):
        assert abs(got - lengths[phrase]) < 25, (phrase, got, lengths[phrase])
    # the total: the clips (each keeps a few ms at its cut ends), one short even pause
    # between words, a longer one at the comma: nothing else, no gap a listener notices
    expected = (sum(lengths[p] + 2 * TRIM_KEEP_MS for p in words)
                + WORD_GAP_MS * (len(words) - 2) + COMMA_GAP_MS)  # fmt: skip
    assert abs(pcm.seconds * 1000 - expected) < 3 * len(words), (pcm.seconds, expected)


def test_a_missing_clip_gives_no_sentence(tmp_path: Path) -> None:
    _clip_set(tmp_path, C123_TO_2)
    (tmp_path / "dua-puluh.wav").unlink()
    clips = ClipSet(tmp_path)
    assert clips.missing(C123_TO_2) == ["dua puluh"]
    assert clips.assemble(C123_TO_2) is None  # the caller speaks it all in the bundled voice


def test_the_guided_list_covers_every_call_of_the_office() -> None:
    items = clip_list(["A", "B", "C"], [1, 2, 3])
    phrases = {i.phrase for i in items}
    for prefix in "ABC":
        for number in (1, 12, 20, 99, 100, 123, 250, 999, 1000, 1999):
            for counter in (1, 2, 3):
                assert set(call_clips(prefix, number, counter)) - {","} <= phrases


def test_a_folder_of_wavs_is_imported_by_name(tmp_path: Path) -> None:
    source = tmp_path / "rekaman"
    source.mkdir()
    stereo = tmp_path / "x.wav"
    import wave

    with wave.open(str(source / "Dua Puluh.WAV"), "wb") as w:  # stereo 44.1 kHz, odd name
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        tone = _tone(300, 440).samples
        w.writeframes(array("h", (s for s in tone for _ in (0, 1))).tobytes())
    (source / "nomor_antrian.wav").write_bytes(wav_bytes(_tone(400, 300)))
    (source / "catatan.wav").write_bytes(wav_bytes(_tone(100, 300)))  # not a clip: left
    (source / "loket.wav").write_bytes(wav_bytes(silence(500)))  # silent: refused
    target = tmp_path / "clips"
    from loket.voice.pcm import PcmError

    with pytest.raises(PcmError):
        import_folder(source, target, clip_list(["A"], [1]))
    (source / "loket.wav").unlink()
    done = import_folder(source, target, clip_list(["A"], [1]))
    assert sorted(done) == ["dua puluh", "nomor antrian"]
    assert read_wav(target / "dua-puluh.wav").rate == RATE
    assert not stereo.exists()


def test_the_clips_are_kept_with_every_backup(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from loket.store.health import backup
    from loket.voice.clips import clips_folder

    folder = clips_folder(db.path.parent)
    folder.mkdir(parents=True)
    (folder / "nomor-antrian.wav").write_bytes(wav_bytes(_tone(300, 440)))
    dest = backup(db, tmp_path / "usb")
    kept = dest.parent / "voice-clips" / "nomor-antrian.wav"
    assert kept.read_bytes() == (folder / "nomor-antrian.wav").read_bytes()
    # and they come back into a new data folder by the import of a folder of WAVs
    restored = tmp_path / "new-data-clips"
    assert import_folder(kept.parent, restored, clip_list(["A"], [1])) == ["nomor antrian"]
