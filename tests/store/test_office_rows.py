"""The store's set-up check says what ``SetupState.complete`` says, for each missing part."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from loket.app.office import ServiceSpec, add_counter, add_services, create_office
from loket.app.setup import read_setup_state
from loket.app.users import add_user
from loket.core.errors import InvalidInput
from loket.store.database import Database
from loket.store.models import Counter, User
from loket.store.office_rows import insert_office, office_code, setup_complete


def _both(db: Database) -> tuple[bool, bool]:
    with db.read() as s:
        return setup_complete(s), read_setup_state(db).complete


def test_the_store_and_the_app_agree_on_a_complete_set_up(db: Database) -> None:
    assert _both(db) == (False, False)
    create_office(db, name="Kelurahan Uji", code="3273011001")
    assert _both(db) == (False, False)
    (a,) = add_services(db, [ServiceSpec("A", "Domisili", 10)])
    assert _both(db) == (False, False)
    add_counter(db, number=1, service_ids=[a])
    assert _both(db) == (False, False)  # no admin yet
    admin = add_user(db, "admin", "admin", "rahasia-admin-1")
    assert _both(db) == (True, True)
    with db.write() as s:
        s.execute(update(User).where(User.id == admin.id).values(active=False))
    assert _both(db) == (False, False)  # an inactive admin is no admin
    with db.write() as s:
        s.execute(update(Counter).values(active=False))
        s.execute(update(User).values(active=True))
    assert _both(db) == (False, False)  # a closed counter serves nobody
    with db.read() as s:
        assert office_code(s) == "32.73.01.1001"


def test_an_office_is_made_once_and_checked(db: Database) -> None:
    with db.write() as s, pytest.raises(InvalidInput, match="bukan zona Indonesia"):
        insert_office(s, name="Kelurahan", code="3273011001", timezone="Europe/Berlin")
    with db.write() as s:
        insert_office(s, name="Kelurahan", code="3273011001")
    with db.write() as s, pytest.raises(InvalidInput, match="sudah diatur"):
        insert_office(s, name="Lain", code="3273011002")
