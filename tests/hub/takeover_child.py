"""A counter PC's load across a take-over: ``python takeover_child.py DIR SVC COUNTER USER STOP``.

Issues a number, calls the next one and skips it, again and again until the STOP file
exists. Each action keeps its request id until it is answered: when the hub is gone it
reads ``pc.json`` again (the PC's replica follows a new hub by itself; a PC that was
promoted talks to itself) and asks again with the same id. One JSON line per answer,
flushed at once, so the parent knows exactly what a client was told.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from loket.client.connect import CLIENT, read_pc
from loket.client.errors import HubUnreachable
from loket.client.lan import LanOffice
from loket.core.errors import LoketError

PASSWORD = "1234"
ACTION_DEADLINE_S = 60.0


def say(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def target(data_dir: Path) -> tuple[str, str, str]:
    pc = read_pc(data_dir)
    assert pc.token
    if pc.role == CLIENT:
        assert pc.hub_url and pc.fingerprint
        return pc.hub_url, pc.fingerprint, pc.token
    from loket.hub.cert import ensure_certificate
    from loket.hub.promote import read_replica_note

    port = int(read_replica_note(data_dir).get("serve_port") or 8765)
    return f"https://127.0.0.1:{port}", ensure_certificate(data_dir).fingerprint, pc.token


class Counter:
    def __init__(self, data_dir: Path, user: str) -> None:
        self.data_dir = data_dir
        self.user = user
        url, fingerprint, token = target(data_dir)
        self.office = LanOffice(url, fingerprint, token, deadline=3.0)
        self.logged_in = False

    def follow(self) -> None:
        url, fingerprint, _token = target(self.data_dir)
        if url != self.office.hub_url or fingerprint != self.office.fingerprint:
            self.office.retarget(url, fingerprint)

    def act(self, name: str, *args: Any, **kwargs: Any) -> Any:
        spec = self.office._specs[name]
        body = {"args": spec.encode_args(args, kwargs)}
        request_id = uuid.uuid4().hex
        give_up = time.monotonic() + ACTION_DEADLINE_S
        while True:
            try:
                if spec.takes_actor and not self.office.logged_in:
                    self.office.login(self.user, PASSWORD)
                answer = self.office.post(f"/api/v1/rpc/{name}", body, request_id=request_id)
                return spec.decode_result(answer.get("result"))
            except HubUnreachable:
                pass
            except LoketError as exc:
                if exc.code == "session_expired":
                    continue  # log in again on the hub that serves now; same request id
                if exc.code != "stale_hub":
                    raise
            if time.monotonic() > give_up:
                raise TimeoutError(name)
            time.sleep(0.2)
            self.follow()


def main() -> None:
    data_dir, service_id, counter_id, user, stop = sys.argv[1:6]
    counter = Counter(Path(data_dir), user)
    stop_file = Path(stop)
    while not stop_file.exists():
        try:
            issued = counter.act("issue", int(service_id), None, actor=None)
            say({"ack": "issue", "ticket": issued.ticket.id, "label": issued.ticket.label,
                 "hub": counter.office.hub_url})  # fmt: skip
            called = counter.act("call_next", int(counter_id), actor=None)
            say({"ack": "call", "ticket": called.id if called else None,
                 "hub": counter.office.hub_url})  # fmt: skip
            if called is not None:
                counter.act("skip", called.id, int(counter_id), actor=None)
                say({"ack": "skip", "ticket": called.id, "hub": counter.office.hub_url})
        except LoketError as exc:
            say({"error": exc.message, "code": exc.code})
        time.sleep(0.05)
    say({"done": True})


if __name__ == "__main__":
    main()
