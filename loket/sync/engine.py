"""Enrollment and one sync run: push the outbox, pull reference data, send a heartbeat.

A run is safe to interrupt anywhere (a crash, a SIGKILL, a pulled cable): events are
marked sent only after the server's answer, and the server keeps each event once by
its UUID, so the next run resends what was not acknowledged and nothing is doubled.
"""

from __future__ import annotations

import hashlib
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import requests
from sqlalchemy.orm import Session

from loket import __version__
from loket.core.settings import SYNC_ENROLL_REQUEST
from loket.store.database import Database
from loket.store.migrate import open_database
from loket.store.office_rows import insert_office, office_code, setup_complete
from loket.store.settings import forget_setting, read_setting, write_setting
from loket.store.sync_models import SYNC_STATE_ID, SyncState
from loket.sync import push
from loket.sync.client import GapError, Refused, SyncClient, SyncError, Timeouts, Unauthorized
from loket.sync.feedback import acknowledge_feedback, next_feedback_batch, set_cursor
from loket.sync.feedback_schemas import FeedbackPush
from loket.sync.outbox import BadAnswer, resend_after, unsent_count
from loket.sync.outbox import waiting_citizens as count_waiting
from loket.sync.reference import apply_reference
from loket.sync.retry import RetryPolicy, call_with_retry
from loket.sync.schemas import (
    DEFAULT_BATCH,
    EnrollRequest,
    EnrollResponse,
    HeartbeatRequest,
    OfficeRef,
)
from loket.sync.state import load_state

#: How often one run follows a 409 gap before giving up (a server that keeps losing data).
MAX_GAP_RESETS = push.MAX_GAP_RESETS

T = TypeVar("T")

NOT_ENROLLED = "Perangkat belum didaftarkan ke server kota (jalankan `loket enroll`)."
MUST_REENROLL = "Perangkat harus didaftarkan ulang ke server kota."


@dataclass(frozen=True)
class EnrollResult:
    desk_id: str
    office: OfficeRef
    server_url: str
    office_created: bool  # the desk had no office: it was set up from the city's data


def enroll(
    data_dir: Path,
    server: str,
    code: str,
    *,
    session: requests.Session | None = None,
    ca_bundle: str | None = None,
    desk_name: str = "",
    timeouts: Timeouts | None = None,
    policy: RetryPolicy | None = None,
) -> EnrollResult:
    """Trade a one-time code for this desk's token and store it in the data dir."""
    db = open_database(data_dir, check=True)  # never write into a damaged file
    try:
        client = SyncClient(server, session, verify=ca_bundle or True, timeouts=timeouts)
        return enroll_database(
            db, client, code, ca_bundle=ca_bundle, desk_name=desk_name, policy=policy
        )
    finally:
        db.close()


def enroll_request_id(db: Database, code: str) -> str:
    """The idempotency key of enrolling with ``code``: made once, kept in the database.

    A retry (the same run after a lost answer, or a new ``loket enroll`` after a crash)
    sends the same id, and the server answers it with the same desk and token instead
    of "code already used". Another code gets a new id.
    """
    digest = hashlib.sha256("".join(c for c in code.upper() if c.isalnum()).encode()).hexdigest()
    with db.write() as s:
        value = read_setting(s, SYNC_ENROLL_REQUEST)
        if value is not None and value.get("code") == digest and value.get("request_id"):
            return str(value["request_id"])
        fresh = {"code": digest, "request_id": str(uuid.uuid4())}
        write_setting(s, SYNC_ENROLL_REQUEST, fresh)
        return fresh["request_id"]


def enroll_database(
    db: Database,
    client: SyncClient,
    code: str,
    *,
    ca_bundle: str | None = None,
    desk_name: str = "",
    policy: RetryPolicy | None = None,
    stop: threading.Event | None = None,
    rng: random.Random | None = None,
) -> EnrollResult:
    """Enroll with the same retries as a sync run (network errors, 5xx, 429 with capped,
    jittered backoff), each attempt carrying this desk's one request id for the code."""
    request_id = enroll_request_id(db, code)
    halt = stop or threading.Event()
    with db.read() as s:
        local_code = office_code(s)
        previous = load_state(s)
        previous_desk = (
            previous.desk_id
            if previous is not None and previous.office_code == local_code
            else None
        )
    request = EnrollRequest(
        code=code.strip(),
        desk_name=desk_name,
        app_version=__version__,
        office_code=local_code,
        previous_desk_id=previous_desk,
        request_id=request_id,
    )
    answer = call_with_retry(
        lambda: client.enroll(request),
        policy or RetryPolicy(),
        lambda seconds: not halt.wait(seconds),
        rng or random.Random(),
    )
    created = local_code is None
    with db.write() as s:
        if created:  # set up from the city's data, with the token it belongs to
            ref = answer.office
            insert_office(s, name=ref.name, code=ref.code, timezone=ref.zone)
        _store_enrollment(s, client, answer, ca_bundle)
        complete = setup_complete(s)
    # What the server does not hold for this desk id goes again (deduplicated by UUID).
    resend_after(db, answer.high_seq)
    set_cursor(db, 0)  # ratings and SKM answers too (the city keeps each once by its key)
    if not complete:
        _fetch_city_services(db, client, answer.token)
    return EnrollResult(answer.desk_id, answer.office, client.base_url, created)


def _store_enrollment(
    s: Session, client: SyncClient, answer: EnrollResponse, ca_bundle: str | None
) -> None:
    state = load_state(s)
    if state is None:
        state = SyncState(id=SYNC_STATE_ID)
        s.add(state)
    state.server_url = client.base_url
    state.desk_id = answer.desk_id
    state.token = answer.token
    state.office_code = answer.office.code
    state.ca_bundle = ca_bundle
    state.enrolled_at = client.clock()
    state.needs_enroll = False
    state.ref_cursor = None  # a new enrollment pulls everything again
    state.last_error = None
    forget_setting(s, SYNC_ENROLL_REQUEST)  # enrolled: the next code gets a new request id


def _fetch_city_services(db: Database, client: SyncClient, token: str) -> None:
    """A desk enrolled before its set-up offers the city's services in the wizard.

    Best effort: the enrollment stands without it, and the next sync pulls them anyway.
    """
    try:
        apply_reference(db, client.reference(None, token), SYNC_STATE_ID)
    except SyncError:
        return


def client_for(db: Database, session: requests.Session | None = None) -> SyncClient:
    """A client for the server and CA bundle this desk was enrolled with."""
    with db.read() as s:
        state = load_state(s)
    if state is None:
        raise SyncError(NOT_ENROLLED, code="not_enrolled")
    return SyncClient(state.server_url, session, verify=state.ca_bundle or True)


@dataclass
class SyncReport:
    batches: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    resent: int = 0  # events marked unsent again after a 409 gap
    reference_changes: int = 0
    feedback_accepted: int = 0  # ratings, SKM answers, hand-overs new at the city
    feedback_duplicates: int = 0
    feedback_rejected: int = 0
    waiting: int = 0  # events not acknowledged when the run ended
    error: str | None = None
    needs_enroll: bool = False

    @property
    def ok(self) -> bool:
        """Everything acknowledged and nothing failed."""
        return self.error is None and self.waiting == 0


def sync_once(
    db: Database,
    client: SyncClient,
    *,
    policy: RetryPolicy | None = None,
    batch_size: int = DEFAULT_BATCH,
    stop: threading.Event | None = None,
    rng: random.Random | None = None,
    app_version: str = __version__,
    push_limit: Callable[[], int | None] | None = None,
) -> SyncReport:
    """One complete run; never raises for network or server trouble (see the report)."""
    report = SyncReport()
    with db.read() as s:
        state = load_state(s)
        if state is not None:
            token, desk_id, office_code = state.token, state.desk_id, state.office_code
            cursor, needs_enroll = state.ref_cursor, state.needs_enroll
        report.waiting = unsent_count(s)
    if state is None:
        report.error = NOT_ENROLLED
        return report
    if needs_enroll:
        report.error, report.needs_enroll = MUST_REENROLL, True
        return report

    run = _Run(db, client, policy or RetryPolicy(), stop or threading.Event(), rng)
    run.push_limit = push_limit
    started = client.clock()
    try:
        run.push_all(token, desk_id, office_code, batch_size, report)
        run.push_feedback(token, desk_id, office_code, batch_size, report)
        answer = run.retry(lambda: client.reference(cursor, token))
        report.reference_changes = apply_reference(db, answer, SYNC_STATE_ID)
        with db.read() as s:
            waiting, unsent = count_waiting(s), unsent_count(s)
        beat = HeartbeatRequest(
            app_version=app_version, waiting=waiting, unsent=unsent, desk_clock=client.clock()
        )
        run.retry(lambda: client.heartbeat(beat, token))
    except Unauthorized as exc:
        report.error = f"{MUST_REENROLL} ({exc.message})"
        report.needs_enroll = True
    except SyncError as exc:
        report.error = exc.message
    except BadAnswer:
        report.error = "Jawaban server tidak cocok dengan kiriman; dicoba lagi nanti."
    with db.read() as s:
        report.waiting = unsent_count(s)
    _record(db, client, started, report)
    return report


class _Run:
    def __init__(
        self,
        db: Database,
        client: SyncClient,
        policy: RetryPolicy,
        stop: threading.Event,
        rng: random.Random | None,
    ) -> None:
        self.db = db
        self.client = client
        self.policy = policy
        self.stop = stop
        self.rng = rng or random.Random()
        self.push_limit: Callable[[], int | None] | None = None

    def retry(self, call: Callable[[], T]) -> T:
        return call_with_retry(call, self.policy, self._wait, self.rng)

    def _wait(self, seconds: float) -> bool:
        return not self.stop.wait(seconds)

    def push_all(
        self, token: str, desk_id: str, office_code: str, batch_size: int, report: SyncReport
    ) -> None:
        """The outbox, batch by batch, the desk's work overlapping the server's (push.py)."""
        desk = push.Desk(self.db, self.client, token, desk_id, office_code, self.retry,
                         self.stop.is_set, self.push_limit)  # fmt: skip
        push.push_all(desk, batch_size, report)

    def push_feedback(
        self, token: str, desk_id: str, office_code: str, batch_size: int, report: SyncReport
    ) -> None:
        """Ratings, SKM answers and hand-overs after the events, in the same way:
        in order, acknowledged by the server's answer, resent from its mark after a gap."""
        resets = 0
        while not self.stop.is_set():
            batch = next_feedback_batch(self.db, batch_size)
            if batch is None:
                return
            request = FeedbackPush(
                office_code=office_code,
                desk_id=desk_id,
                after_seq=batch.after_seq,
                items=batch.items,
            )
            try:
                answer = self.retry(lambda: self.client.push_feedback(request, token))  # noqa: B023
            except GapError as gap:
                if resets >= MAX_GAP_RESETS:
                    raise
                resets += 1
                set_cursor(self.db, gap.highest_seq)
                continue
            except Refused as exc:
                if exc.code == "not_found":  # a city server older than this desk
                    return
                raise
            ack = acknowledge_feedback(self.db, batch, answer)
            report.feedback_accepted += ack.accepted
            report.feedback_duplicates += ack.duplicates
            report.feedback_rejected += ack.rejected
        raise SyncError("Sinkronisasi dihentikan.", code="stopped")


def _record(db: Database, client: SyncClient, started: datetime, report: SyncReport) -> None:
    """Persist the run's outcome for the status line (also after a failure)."""
    with db.write() as s:
        state = load_state(s)
        if state is None:
            return
        state.last_attempt_at = started
        if client.answered_at is not None and client.answered_at >= started:
            state.last_contact_at = client.answered_at
        if client.last_skew is not None:
            state.clock_skew_seconds = round(client.last_skew)
        if report.error is None:
            state.last_good_sync_at = client.clock()
            state.last_error = None
        else:
            state.last_error = report.error
        if report.needs_enroll:
            state.needs_enroll = True
