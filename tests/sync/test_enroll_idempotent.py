"""Issue 10 item 16: a lost enrollment answer does not burn the one-time code.

Through the fault proxy: the server commits the enrollment, the answer is lost on the
wire; the desk retries (with the sync's backoff) under the same request id and gets the
same desk and token. SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from loket.core.settings import SYNC_ENROLL_REQUEST
from loket.server import admin
from loket.server.db import ServerDatabase
from loket.server.errors import ApiError
from loket.server.models import DeskRow, EnrollmentCode
from loket.store.database import Database
from loket.store.settings import read_setting
from loket.sync.client import NetworkError, Refused
from loket.sync.engine import enroll_database, sync_once
from loket.sync.retry import RetryPolicy
from loket.sync.schemas import EnrollRequest

from .conftest import NewCode, OpenDesk
from .faultproxy import Fault, FaultProxy
from .helpers import DEMO_CODE, FAST, make_client

ONCE = RetryPolicy(attempts=1)


def _desks(server_db: ServerDatabase) -> int:
    with server_db.read() as s:
        return int(s.scalar(select(func.count()).select_from(DeskRow)) or 0)


def test_a_lost_enrollment_answer_is_retried_and_gets_the_same_desk(
    desk: Database, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    proxy.inject(Fault.DROP_AFTER, path="/api/v1/enroll")
    result = enroll_database(desk, make_client(proxy.url), new_code(), policy=FAST)
    assert proxy.committed_then_dropped == 1  # the server did enroll the first time
    assert result.office.code == DEMO_CODE
    assert _desks(server_db) == 1  # no ghost desk making the office look stale
    with server_db.read() as s:
        assert s.scalars(select(DeskRow.id)).one() == result.desk_id
    with desk.read() as s:
        assert read_setting(s, SYNC_ENROLL_REQUEST) is None  # done with that request id
    report = sync_once(desk, make_client(proxy.url), policy=FAST)
    assert report.ok, report.error  # the token it got back works


def test_enrolling_again_after_giving_up_uses_the_same_request(
    open_desk: OpenDesk, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    desk = open_desk("desk")
    code = new_code()
    proxy.inject(Fault.DROP_AFTER, path="/api/v1/enroll")
    with pytest.raises(NetworkError):
        enroll_database(desk, make_client(proxy.url), code, policy=ONCE)
    with desk.read() as s:
        pending = read_setting(s, SYNC_ENROLL_REQUEST)
        assert pending is not None
        first_id = pending["request_id"]
    with server_db.read() as s:
        assert s.scalars(select(EnrollmentCode.request_id)).one() == first_id
    # `loket enroll` run again (the code typed with spaces, lower case): the same request.
    typed = code.lower().replace("-", " ")
    result = enroll_database(desk, make_client(proxy.url), typed, policy=ONCE)
    assert _desks(server_db) == 1
    assert sync_once(desk, make_client(proxy.url), policy=FAST).ok
    # Another PC with the same code is still refused: the code was used once.
    other = open_desk("other")
    with pytest.raises(Refused, match="tidak berlaku"):
        enroll_database(other, make_client(proxy.url), code, policy=ONCE)
    assert result.desk_id and _desks(server_db) == 1


def test_the_same_request_after_the_codes_lifetime_is_refused(server_db: ServerDatabase) -> None:
    now = datetime.now(UTC)
    code = admin.add_office(
        server_db, code=DEMO_CODE, name="K", now=now, ttl=timedelta(hours=1)
    ).enrollment_code
    request = EnrollRequest(code=code, request_id=str(uuid.uuid4()))
    with server_db.write() as s:
        first = admin.enroll(s, request, now)
    with server_db.write() as s:
        again = admin.enroll(s, request, now + timedelta(minutes=30))
    assert (again.desk_id, again.token) == (first.desk_id, first.token)
    with server_db.write() as s, pytest.raises(ApiError) as refused:
        admin.enroll(s, request, now + timedelta(hours=2))
    assert refused.value.code == "invalid_enrollment_code"
    other = EnrollRequest(code=code, request_id=str(uuid.uuid4()))
    with server_db.write() as s, pytest.raises(ApiError):
        admin.enroll(s, other, now + timedelta(minutes=1))
    with server_db.read() as s:
        seal = s.scalars(select(EnrollmentCode.token_seal)).one()
        assert seal is not None and first.token not in seal  # sealed, not kept in clear


def test_a_request_id_must_be_a_uuid() -> None:
    with pytest.raises(ValueError):
        EnrollRequest(code="ABCD-EFGH-JKLM", request_id="x" * 36)
