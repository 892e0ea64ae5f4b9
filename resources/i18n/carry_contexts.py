"""Carry English translations to new Qt contexts after a class was split.

Qt's translation context is the class name: when a part of a window moves into a class
of its own, lupdate files its strings under the new class as unfinished and (with
``-no-obsolete``) drops them from the old one. This fills each unfinished message from
the translation the same source text had in the old context(s) of the .ts as it was
before lupdate (or, when no old context is named or has it, in any context where the
source has exactly one translation). Run it between two lupdate runs::

    git show HEAD:resources/i18n/loket_en.ts > /tmp/old.ts
    pyside6-lupdate ... -ts resources/i18n/loket_en.ts     # the new contexts, unfinished
    python resources/i18n/carry_contexts.py /tmp/old.ts resources/i18n/loket_en.ts \\
        --from AdminDialog
    pyside6-lrelease -fail-on-unfinished ...

It prints what it could not fill (a string that is new, to translate by hand).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.S)
MESSAGE = re.compile(r"<message>(.*?)</message>", re.S)
SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
TRANSLATION = re.compile(r"<translation(?: type=\"[a-z]+\")?>(.*?)</translation>", re.S)
UNFINISHED = re.compile(r"<translation type=\"unfinished\">(.*?)</translation>", re.S)


def translations(text: str) -> dict[str, dict[str, str]]:
    """Context → source → its finished translation, from a .ts file's text."""
    found: dict[str, dict[str, str]] = {}
    for context in CONTEXT.finditer(text):
        table = found.setdefault(context.group(1), {})
        for message in MESSAGE.finditer(context.group(2)):
            body = message.group(1)
            source, translation = SOURCE.search(body), TRANSLATION.search(body)
            if source and translation and 'type="unfinished"' not in body:
                table[source.group(1)] = translation.group(1)
    return found


def pick(old: dict[str, dict[str, str]], source: str, first: list[str]) -> str | None:
    for name in first:
        if source in old.get(name, {}):
            return old[name][source]
    seen = {table[source] for table in old.values() if source in table}
    return seen.pop() if len(seen) == 1 else None


def carry(old_text: str, new_text: str, first: list[str]) -> tuple[str, list[str]]:
    old = translations(old_text)
    missing: list[str] = []

    def fill_message(message: re.Match[str], context: str) -> str:
        body = message.group(0)
        source = SOURCE.search(body)
        if source is None or not UNFINISHED.search(body):
            return body
        english = pick(old, source.group(1), first)
        if english is None:
            missing.append(f"{context}: {source.group(1)}")
            return body
        return UNFINISHED.sub(lambda _: f"<translation>{english}</translation>", body)

    def fill_context(context: re.Match[str]) -> str:
        name = context.group(1)
        return MESSAGE.sub(lambda m: fill_message(m, name), context.group(0))

    return CONTEXT.sub(fill_context, new_text), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the .ts before lupdate")
    parser.add_argument("new", type=Path, help="the .ts lupdate wrote (filled in place)")
    parser.add_argument("--from", dest="first", action="append", default=[],
                        help="an old context to look in first (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    text, missing = carry(args.old.read_text("utf-8"), args.new.read_text("utf-8"), args.first)
    args.new.write_text(text, "utf-8")
    for line in missing:
        print("not carried:", line, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
