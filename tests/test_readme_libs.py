"""The README's first command must work on a minimal Linux desktop (issue 10 item 21).

Qt's xcb platform plugin loads system libraries the PySide6 wheel does not carry; a
missing one stops ``loket`` before any window. This reads the plugin's real dependencies
(``ldd``) and checks that the README's apt line names the Debian package of each.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
#: The system libraries of the xcb plugin the README must name (Qt's own come in the wheel).
_WANTED = re.compile(r"^(libxcb[\w-]*|libxkbcommon[\w-]*|libX11-xcb|libEGL|libGL)\.so\.(\d+)$")


def debian_package(soname: str) -> str | None:
    """``libxcb-cursor.so.0`` -> ``libxcb-cursor0``; ``libxkbcommon-x11.so.0`` -> ``…-x11-0``."""
    match = _WANTED.match(soname)
    if match is None:
        return None
    name, major = match.groups()
    name = name.lower()
    if name in ("libegl", "libgl"):
        return name + major
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def test_package_names_follow_debian() -> None:
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libX11-xcb.so.1") == "libx11-xcb1"
    assert debian_package("libEGL.so.1") == "libegl1"
    assert debian_package("libstdc++.so.6") is None


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="Linux only"
)
def test_readme_names_every_library_the_xcb_plugin_links() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    qpa = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    out = subprocess.run(
        ["ldd", str(plugin), str(qpa)], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    needed = {
        pkg
        for line in out.splitlines()
        if (pkg := debian_package(line.strip().split(" ", 1)[0])) is not None
    }
    assert "libxcb-cursor0" in needed  # the one Qt 6.5+ added, missing on minimal systems
    text = README.read_text(encoding="utf-8")
    first_command = text.index("pip install -e '.[desk]' && loket")
    apt_line = text[text.index("sudo apt-get install") : first_command]
    missing = sorted(pkg for pkg in needed if not re.search(rf"(?<![\w-]){pkg}(?![\w-])", apt_line))
    assert not missing, f"README's apt line before the first command lacks {missing}"
