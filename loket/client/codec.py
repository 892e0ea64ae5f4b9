"""JSON for the office RPC, derived from the OfficeClient Protocol's type hints.

Why generated: a method added to ``api.OfficeClient`` must work over the LAN without
anyone writing its (de)serialisation by hand, and both sides must agree on it. Each
parameter and result gets a pydantic ``TypeAdapter`` from its annotation (app/
dataclasses, enums, aware datetimes, dates, lists, tuples, ``X | None``). Errors travel
as ``{"error": {"kind", "code", "message"}}`` and come back as the same LoketError class.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from loket.core.errors import InvalidInput, LoketError

#: The keyword the hub fills with the session's user (a client's value is never used).
ACTOR = "actor"


@dataclass(frozen=True)
class Param:
    name: str
    adapter: TypeAdapter[Any]
    default: Any  # inspect.Parameter.empty when required
    keyword_only: bool


@dataclass(frozen=True)
class MethodSpec:
    """How one Protocol method crosses the wire."""

    name: str
    params: tuple[Param, ...]
    result: TypeAdapter[Any]
    takes_actor: bool
    signature: inspect.Signature

    def encode_args(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """Positional and keyword arguments as one JSON object (the actor left out)."""
        bound = self.signature.bind(None, *args, **kwargs)
        out: dict[str, Any] = {}
        for param in self.params:
            if param.name in bound.arguments:
                out[param.name] = param.adapter.dump_python(
                    bound.arguments[param.name], mode="json"
                )
        return out

    def decode_args(self, payload: Any) -> dict[str, Any]:
        """Keyword arguments from a request's JSON; refuses unknown or missing ones."""
        if not isinstance(payload, dict):
            raise InvalidInput("Permintaan tidak sah: argumen harus objek JSON.")
        known = {p.name for p in self.params}
        extra = set(payload) - known
        if extra:
            raise InvalidInput(f"Permintaan tidak sah: argumen tidak dikenal {sorted(extra)}.")
        kwargs: dict[str, Any] = {}
        for param in self.params:
            if param.name in payload:
                try:
                    kwargs[param.name] = param.adapter.validate_python(payload[param.name])
                except ValidationError as exc:
                    raise InvalidInput(
                        f"Permintaan tidak sah: argumen {param.name} salah bentuk.",
                        detail=exc.errors(include_url=False, include_context=False),
                    ) from exc
            elif param.default is inspect.Parameter.empty:
                raise InvalidInput(f"Permintaan tidak sah: argumen {param.name} wajib diisi.")
        return kwargs

    def encode_result(self, value: Any) -> Any:
        return self.result.dump_python(value, mode="json")

    def decode_result(self, data: Any) -> Any:
        return self.result.validate_python(data)


#: Bytes (a letterhead's logo) cross as base64 text, not as UTF-8 (which a PNG is not).
_BYTES_AS_BASE64 = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")


def _bytes_as_base64(tp: Any, seen: set[int] | None = None) -> None:
    """Give every stdlib dataclass reachable from ``tp`` the base64 bytes config.

    pydantic reads a dataclass's ``__pydantic_config__``; app/ and core/ stay free of
    pydantic, so the codec sets it here, once, before building its adapters.
    """
    seen = set() if seen is None else seen
    if id(tp) in seen:
        return
    seen.add(id(tp))
    for arg in typing.get_args(tp):
        _bytes_as_base64(arg, seen)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if "__pydantic_config__" not in vars(tp):
            tp.__pydantic_config__ = _BYTES_AS_BASE64  # type: ignore[attr-defined]
        for hint in typing.get_type_hints(tp).values():
            _bytes_as_base64(hint, seen)


def _spec(name: str, func: Any) -> MethodSpec:
    hints = typing.get_type_hints(func)
    for hint in hints.values():
        _bytes_as_base64(hint)
    signature = inspect.signature(func)
    params: list[Param] = []
    takes_actor = False
    for pname, p in signature.parameters.items():
        if pname == "self":
            continue
        if pname == ACTOR:
            takes_actor = True
            continue
        if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise TypeError(f"{name}: *args/**kwargs cannot cross the LAN")
        if pname not in hints:
            raise TypeError(f"{name}: parameter {pname} needs a type annotation")
        params.append(Param(pname, TypeAdapter(hints[pname]), p.default, p.kind is p.KEYWORD_ONLY))
    if "return" not in hints:
        raise TypeError(f"{name}: needs a return annotation")
    return MethodSpec(name, tuple(params), TypeAdapter(hints["return"]), takes_actor, signature)


def protocol_specs(protocol: type) -> dict[str, MethodSpec]:
    """The public methods a Protocol declares (its own and its bases'), by name."""
    specs: dict[str, MethodSpec] = {}
    for klass in reversed(protocol.__mro__):
        if klass is object or klass is typing.Protocol or klass.__name__ == "Generic":
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            specs[name] = _spec(name, member)
    return specs


@functools.cache
def office_specs() -> dict[str, MethodSpec]:
    """The specs of ``loket.client.api.OfficeClient`` (built once per process)."""
    from loket.client.api import OfficeClient

    return protocol_specs(OfficeClient)


# -- errors ------------------------------------------------------------------------------


def _error_classes() -> dict[str, type[LoketError]]:
    found: dict[str, type[LoketError]] = {}
    stack: list[type[LoketError]] = [LoketError]
    while stack:
        klass = stack.pop()
        found.setdefault(klass.__name__, klass)
        stack.extend(klass.__subclasses__())
    return found


def encode_error(exc: LoketError) -> dict[str, Any]:
    return {
        "error": {
            "kind": type(exc).__name__,
            "code": exc.code,
            "message": exc.message,
            "params": json.loads(json.dumps(exc.params, default=str)),
        }
    }


def decode_error(body: Any) -> LoketError:
    """The LoketError an answer carries (the same class when this side knows it)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return LoketError("PC utama memberi jawaban yang tidak dikenal.")
    message = str(error.get("message") or "PC utama menolak permintaan ini.")
    raw_params = error.get("params")
    params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
    klass = _error_classes().get(str(error.get("kind")), LoketError)
    try:
        exc = klass(message, **params)
    except TypeError:  # a subclass with its own constructor
        exc = LoketError(message, **params)
    if klass is LoketError and error.get("code"):
        exc.code = str(error["code"])
    return exc
