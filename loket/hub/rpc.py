"""Running a LAN client's call on the hub: exactly once, as the session's user.

Only the methods of the OfficeClient Protocol can be called (never any other attribute
of ``LocalOffice``). The PC token is checked by the caller before this runs; here the
``actor`` argument is replaced by the user of the session token (the client's own idea
of who is acting is never used), and every write the call makes joins one transaction
with the row that records its request id and its answer. So a hub killed after the
commit but before the answer left still answers a retry with the first result.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from loket.app.users import UserInfo
from loket.client.codec import ACTOR, MethodSpec, encode_error
from loket.core.days import utc_now
from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.hub import pairing
from loket.hub.pairing import PairedPc
from loket.store.database import Database
from loket.store.hub_models import HubRequest

log = logging.getLogger(__name__)

#: Answers are kept this long for retries (a client retries for seconds, not days).
KEEP_REQUESTS = timedelta(days=2)
MAX_REQUEST_ID = 64


class SessionExpired(LoketError):
    code = "session_expired"


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    committed: bool = False


class _AlreadyDone(BaseException):
    """Raised under the write lock when the request id is on record (BaseException: no
    use case's ``except Exception`` may swallow it)."""

    def __init__(self, response: str) -> None:
        super().__init__("already done")
        self.response = response


def _refusal(exc: LoketError) -> Answer:
    status = (
        401 if isinstance(exc, SessionExpired) else 404 if exc.code == "unknown_method" else 422
    )
    return Answer(status, encode_error(exc))


class OfficeRpc:
    """Dispatches ``POST /api/v1/rpc/{method}`` onto a LocalOffice."""

    def __init__(
        self,
        db: Database,
        office: Any,
        specs: dict[str, MethodSpec],
        on_commit: Callable[[], object] = lambda: None,
    ) -> None:
        self.db = db
        self.office = office
        self.specs = specs
        self.on_commit = on_commit
        # Calls that act (they take an actor) queue here for the file's write lock, in
        # order, instead of dozens of threads polling SQLite's busy handler at once.
        self._writer = threading.Lock()

    def call(
        self,
        method: str,
        pc: PairedPc,
        request_id: str,
        session_token: str | None,
        payload: Any,
    ) -> Answer:
        spec = self.specs.get(method)
        if spec is None:
            exc = NotFound(f"Perintah {method!r} tidak dikenal oleh PC utama.")
            exc.code = "unknown_method"
            return _refusal(exc)
        if not request_id or len(request_id) > MAX_REQUEST_ID:
            return _refusal(InvalidInput("Permintaan tanpa nomor permintaan yang sah."))
        try:
            args = payload.get("args", {}) if isinstance(payload, dict) else None
            kwargs = spec.decode_args(args)
            if method == "login":
                return self._login(pc, kwargs)
            if not spec.takes_actor:
                return self._once(spec, pc, request_id, kwargs)
            kwargs[ACTOR] = self._actor(pc, session_token)
            with self._writer:
                return self._once(spec, pc, request_id, kwargs)
        except LoketError as exc:
            return _refusal(exc)

    def _actor(self, pc: PairedPc, session_token: str | None) -> UserInfo | None:
        if not session_token:
            return None
        user = pairing.session_user(self.db, pc.id, session_token)
        if user is None:
            raise SessionExpired("Sesi petugas berakhir: silakan masuk lagi.")
        return user

    def _login(self, pc: PairedPc, kwargs: dict[str, Any]) -> Answer:
        # Not recorded for retries: its answer carries a session secret, and logging in
        # twice does no harm (a success resets the failed-login count either way).
        user = self.office.login(**kwargs)
        token = pairing.open_session(self.db, pc.id, user)
        return Answer(200, {"result": self.specs["login"].encode_result(user), "session": token})

    def _once(
        self, spec: MethodSpec, pc: PairedPc, request_id: str, kwargs: dict[str, Any]
    ) -> Answer:
        def check_record(session: Session) -> None:
            row = session.get(HubRequest, request_id)
            if row is not None:
                if row.pc_id != pc.id:
                    raise InvalidInput("Nomor permintaan ini milik PC lain.")
                raise _AlreadyDone(row.response)

        func = getattr(self.office, spec.name)
        try:
            with self.db.unit(on_open=check_record) as unit:
                try:
                    result = func(**kwargs)
                except LoketError as exc:
                    return _refusal(exc)  # the unit rolls back whatever it began
                body = {"result": spec.encode_result(result)}
                if unit.session is None:  # it only read: nothing to make idempotent
                    return Answer(200, body)
                unit.session.add(
                    HubRequest(
                        id=request_id,
                        pc_id=pc.id,
                        method=spec.name,
                        at=utc_now(),
                        response=json.dumps(body, ensure_ascii=False),
                    )
                )
                unit.commit()
        except _AlreadyDone as done:
            body = json.loads(done.response)
            body["replayed"] = True
            return Answer(200, body)
        self.on_commit()
        return Answer(200, body, committed=True)


def prune_requests(db: Database, keep: timedelta = KEEP_REQUESTS) -> int:
    with db.write() as s:
        result = s.execute(delete(HubRequest).where(HubRequest.at < utc_now() - keep))
        return int(getattr(result, "rowcount", 0) or 0)
