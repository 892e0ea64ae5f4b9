"""The RPC codec is generated from the OfficeClient Protocol and round-trips its types."""

from __future__ import annotations

import inspect
import json
from datetime import UTC, datetime

import pytest

from loket.app.desk import Desk
from loket.client.api import OfficeClient
from loket.client.codec import decode_error, encode_error, office_specs
from loket.client.local import LocalOffice
from loket.core.errors import IllegalTransition, InvalidInput, LoketError, QuotaExceeded
from loket.core.tickets import PriorityReason
from loket.store.database import CorruptDatabase

from ..conftest import Office


def test_every_protocol_method_has_a_spec_and_nothing_else_does() -> None:
    declared = {
        name
        for name, member in vars(OfficeClient).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }
    assert set(office_specs()) == declared
    assert "__init__" not in office_specs() and "desk" not in office_specs()
    assert office_specs()["issue"].takes_actor and not office_specs()["board"].takes_actor


def test_arguments_and_results_survive_json(office: Office) -> None:
    local = LocalOffice(office.db, clock=office.clock)
    spec = office_specs()["issue"]
    args = spec.encode_args((office.services["A"], PriorityReason("lansia")), {"actor": None})
    assert "actor" not in args  # the hub decides who acts, never the client
    decoded = spec.decode_args(json.loads(json.dumps(args)))
    assert decoded == {
        "service_id": office.services["A"],
        "priority_reason": PriorityReason("lansia"),
    }
    result = local.issue(**decoded, actor=None)
    wire = json.loads(json.dumps(spec.encode_result(result)))
    again = spec.decode_result(wire)
    assert again == result
    assert again.ticket.issued_at.tzinfo is not None
    board = office_specs()["board"]
    value = local.board()
    assert board.decode_result(json.loads(json.dumps(board.encode_result(value)))) == value


def test_bad_arguments_are_refused_with_a_message() -> None:
    spec = office_specs()["issue"]
    with pytest.raises(InvalidInput, match="tidak dikenal"):
        spec.decode_args({"service_id": 1, "drop_table": True})
    with pytest.raises(InvalidInput, match="salah bentuk"):
        spec.decode_args({"service_id": "satu"})
    with pytest.raises(InvalidInput, match="wajib"):
        spec.decode_args({})
    with pytest.raises(InvalidInput):
        spec.decode_args(["not", "an", "object"])


@pytest.mark.parametrize(
    "error",
    [
        IllegalTransition("Antrian A-001 sudah selesai.", ticket="A-001"),
        QuotaExceeded("Kuota habis.", service="A", quota=3),
        CorruptDatabase("Basis data rusak.", path="/x/loket.db"),
        LoketError("Umum."),
    ],
)
def test_errors_come_back_as_the_same_class_and_message(error: LoketError) -> None:
    again = decode_error(json.loads(json.dumps(encode_error(error))))
    assert type(again) is type(error)
    assert again.message == error.message and again.code == error.code


def test_an_unknown_error_kind_is_still_a_loket_error_with_its_message() -> None:
    body = {"error": {"kind": "FromTheFuture", "code": "future", "message": "Pesan."}}
    again = decode_error(body)
    assert type(again) is LoketError and again.message == "Pesan." and again.code == "future"
    assert decode_error("garbage").message


def test_dates_cross_as_aware_utc(office: Office) -> None:
    spec = office_specs()["current"]
    desk = Desk(office.db, clock=office.clock)
    ticket = desk.issue(office.services["A"]).ticket
    wire = spec.encode_result(ticket)
    assert wire["issued_at"].endswith("Z")
    assert spec.decode_result(wire).issued_at == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
