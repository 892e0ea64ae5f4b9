"""Office and service names: a slip (300 characters, a line break) is refused where typed.

A 300-character service name broke the kiosk's buttons and the board, and an office name
past 200 characters made every enrollment at the city a 500 (the city's answer holds at
most 200). Each place a name enters (set-up, the admin's edits, a new service) now says
what is wrong, in Indonesian, and writes nothing.
"""

from __future__ import annotations

import pytest

from loket.app.admin import update_office, update_service
from loket.app.office import ServiceSpec, add_services, list_services, load_office
from loket.app.setup import SetupPlan
from loket.app.users import UserInfo
from loket.core.errors import InvalidInput
from loket.core.names import OFFICE_NAME_MAX, SERVICE_NAME_MAX
from loket.core.roles import Role
from tests.conftest import Office

ADMIN = UserInfo(1, "admin", Role.ADMIN, True)


def test_a_service_name_too_long_or_with_a_line_break_is_refused(office: Office) -> None:
    with pytest.raises(InvalidInput, match=f"paling banyak {SERVICE_NAME_MAX}"):
        add_services(office.db, [ServiceSpec("D", "Surat " * 40)])
    with pytest.raises(InvalidInput, match="baris baru"):
        add_services(office.db, [ServiceSpec("D", "Surat\nKeterangan")])
    [ok] = add_services(office.db, [ServiceSpec("D", "  Surat Keterangan Usaha 🙂  ")])
    with office.db.read() as s:
        names = {sv.id: sv.name for sv in list_services(s)}
    assert names[ok] == "Surat Keterangan Usaha 🙂" and len(names) == 4  # nothing else


def test_an_edited_service_name_is_held_to_the_same_rule(office: Office) -> None:
    service = office.services["A"]
    with pytest.raises(InvalidInput, match="terlalu panjang"):
        update_service(office.db, ADMIN, service, name="x" * (SERVICE_NAME_MAX + 1),
                       standard_minutes=10, fee=0, daily_quota=None, requirements="",
                       active=True)  # fmt: skip
    with office.db.read() as s:
        assert {sv.id: sv.name for sv in list_services(s)}[service] != "x" * 121


def test_an_office_name_the_city_cannot_hold_is_refused_by_set_up_and_by_the_admin(
    office: Office,
) -> None:
    long_name = "Kelurahan " + "Sukamaju" * 30
    assert len(long_name) > OFFICE_NAME_MAX
    plan = SetupPlan(office_name=long_name)
    assert any("Nama kantor terlalu panjang" in p for p in plan.problems(need_admin=False))
    with pytest.raises(InvalidInput, match=f"paling banyak {OFFICE_NAME_MAX}"):
        update_office(office.db, ADMIN, name=long_name, timezone="Asia/Jakarta")
    with pytest.raises(InvalidInput, match="karakter kendali"):
        update_office(office.db, ADMIN, name="Kelurahan\tSukamaju", timezone="Asia/Jakarta")
    with office.db.read() as s:
        assert load_office(s).name != long_name
