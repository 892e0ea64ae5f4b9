"""The city page's downloads, reversed sort and the city's own name and logo (issue 15
item 8): XLSX of what is shown, set on the server with `loket server city`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests

from tests.server.live import LiveServer
from tests.server.test_api import CODE, OTHER, _enroll, _push, sqlite_only
from tests.server.test_city_page import _served

PNG = (  # a 1×1 PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _get(server: LiveServer, path: str) -> requests.Response:
    return requests.get(f"{server.url}{path}", timeout=10)


@sqlite_only
def test_xlsx_of_what_is_shown_and_a_second_click_reverses(
    live_server: LiveServer, server_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    from tests.server.test_cli_and_schema import _run

    desk = _enroll(live_server)
    _enroll(live_server, OTHER, "Kelurahan Lain")
    assert _push(live_server, desk, _served(0, 0, 136, 10) + _served(1, 5, 4, 10)).ok
    query = "from=2026-11-20&to=2026-11-26"
    page = _get(live_server, f"/?{query}&sort=issued").text
    assert page.index("Kelurahan Uji") < page.index("Kelurahan Lain")
    assert f'href="?{query.replace("&", "&amp;")}&amp;sort=-issued"' in page  # click again
    assert "TL terlambat" in page and ">IKM<" in page.replace(" ▼", "").replace(" ▲", "")
    reverse = _get(live_server, f"/?{query}&sort=-issued").text
    assert reverse.index("Kelurahan Lain") < reverse.index("Kelurahan Uji")
    assert f'href="/kota.xlsx?{query.replace("&", "&amp;")}&amp;sort=-issued"' in reverse

    download = _get(live_server, f"/kota.xlsx?{query}&sort=-issued")
    assert download.status_code == 200
    assert "spreadsheetml" in download.headers["content-type"]
    assert "layanan-kota_2026-11-20_2026-11-26.xlsx" in download.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(download.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode", "Kantor", "Antrian")
    assert [r[0] for r in rows[1:]] == [OTHER, CODE, None]  # the order shown, the city last
    uji = rows[2]
    assert uji[2] == 2 and uji[5] == 70.0  # real numbers: the median wait in minutes
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$1:$1"
    assert "Halaman &P dari &N" in ws.oddFooter.right.text
    assert ws.column_dimensions["B"].width >= len("Kelurahan Uji")

    # The JSON of what is shown: the same rows, numbers as numbers.
    shown = _get(live_server, f"/kota.json?{query}&sort=-issued").json()
    assert [o["code"] for o in shown["offices"]] == [OTHER, CODE]
    assert shown["offices"][1]["median_wait_minutes"] == 70.0 and shown["city"]["issued"] == 2
    assert shown["from"] == "2026-11-20" and "ikm" in shown["city"]
    # The office's page names the published service, not only its letter.
    assert _run("publish-service", "--db", server_db_url, "--prefix", "A", "--name",
                "Surat Keterangan Domisili", "--minutes", "10") == 0  # fmt: skip
    office = _get(live_server, f"/kantor/{CODE}?{query}&v=2").text
    assert "A · Surat Keterangan Domisili" in office


@sqlite_only
def test_the_city_sets_its_name_and_logo_on_the_server(
    live_server: LiveServer,
    server_db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.server.test_cli_and_schema import _run

    logo = tmp_path / "lambang.png"
    logo.write_bytes(PNG)
    assert _run("city", "--db", server_db_url, "--name", " Pemerintah  Kota Sukamaju ",
                "--logo", str(logo)) == 0  # fmt: skip
    assert "Pemerintah Kota Sukamaju" in capsys.readouterr().out
    page = _get(live_server, "/?date=2026-11-23")
    assert "Pemerintah Kota Sukamaju" in page.text and 'src="/logo"' in page.text
    image = _get(live_server, "/logo")
    assert image.content == PNG and image.headers["content-type"] == "image/png"
    # Not an image: refused with one Indonesian line, the stored logo kept.
    bad = tmp_path / "lambang.exe"
    bad.write_bytes(b"MZ\x90\x00")
    assert _run("city", "--db", server_db_url, "--logo", str(bad)) == 1
    assert "PNG, JPEG atau SVG" in capsys.readouterr().err
    assert _run("city", "--db", server_db_url, "--logo", str(tmp_path / "none.png")) == 1
    assert "tidak dapat dibaca" in capsys.readouterr().err
    assert _run("city", "--db", server_db_url, "--no-logo") == 0
    assert "Logo: bawaan" in capsys.readouterr().out
    assert _get(live_server, "/logo").headers["content-type"] == "image/svg+xml"
