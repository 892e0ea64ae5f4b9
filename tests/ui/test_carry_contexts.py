"""resources/i18n/carry_contexts.py: English follows a string into its new class's context.

When a window is split, lupdate files its strings under the new class as unfinished;
the script fills them from the old class's translation of the same source text (and
only from there when the texts differ between classes), and names what it could not.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from loket.resources import resource_path

OLD = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AdminDialog</name>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Simpan &amp;&amp; tutup</source>
        <translation>Save &amp;&amp; close</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Nama</source>
        <translation>Your name</translation>
    </message>
</context>
</TS>
"""

NEW = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>UsersTab</name>
    <message>
        <source>Nama</source>
        <translation type="unfinished">Your name</translation>
    </message>
    <message>
        <source>Simpan &amp;&amp; tutup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baru sekali</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
"""


def carry_module():  # type: ignore[no-untyped-def]
    path = Path(resource_path("i18n", "carry_contexts.py"))
    spec = importlib.util.spec_from_file_location("carry_contexts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_old_contexts_translation_fills_the_new_one() -> None:
    carry = carry_module()
    text, missing = carry.carry(OLD, NEW, ["AdminDialog"])
    filled = carry.translations(text)["UsersTab"]
    # lupdate's same-text guess ("Your name", from the kiosk) is replaced by the old class's
    assert filled == {"Nama": "Name", "Simpan &amp;&amp; tutup": "Save &amp;&amp; close"}
    assert missing == ["UsersTab: Baru sekali"]  # new text: translated by hand
    assert 'type="unfinished"></translation>' in text  # and left for lrelease to refuse


def test_without_an_old_context_only_an_unambiguous_translation_is_taken() -> None:
    carry = carry_module()
    _, missing = carry.carry(OLD, NEW, [])
    assert "UsersTab: Nama" in missing  # "Name" or "Your name": not guessed
