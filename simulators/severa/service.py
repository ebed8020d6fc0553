"""The spyne application: one service per contract interface, every operation dispatched to a handler.

Services and operations are built from the contract data, so the WSDL's names, parameter names and order,
types and wrapper shapes are the contract's. Each operation checks the WebServicePassword header, finds the
tenant, runs its handler from `simulators.severa.handlers` under the tenant's lock, and turns SeveraFault
into the WCF fault with its Severa.API detail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from spyne import Application, DateTime, ServiceBase, rpc
from spyne.model.complex import ComplexModelBase
from spyne.model.fault import Fault
from spyne.protocol.soap import Soap11

from simulators.severa import costcenter
from simulators.severa import types as t
from simulators.severa.contract_data import CONTRACT
from simulators.severa.faults import ACCESS_DENIED, AuthenticationFailure, GeneralFailure, SeveraFault

logging.getLogger("spyne.application.server").setLevel(logging.CRITICAL)  # every Fault would log a traceback
logging.getLogger("spyne.application").setLevel(logging.CRITICAL)

PASSWORD_TAG = f"{{{t.TNS}}}WebServicePassword"
ENVIRON_SIMULATOR = "visma_sim.simulator"

Handler = Callable[..., Any]
HANDLERS: dict[str, Handler] = {}


def handles(*operations: str) -> Callable[[Handler], Handler]:
    """Register a handler: `handler(state, **params)` (params by contract name) returns the result."""

    def register(fn: Handler) -> Handler:
        for op in operations:
            HANDLERS[op] = fn
        return fn

    return register


def operations() -> dict[str, tuple[str, dict[str, Any]]]:
    """operation name -> (interface, contract entry)."""
    return {op["name"]: (iface, op) for iface, spec in CONTRACT["services"].items() for op in spec["operations"]}


def api_key_of(ctx: Any) -> str | None:
    for element in ctx.in_header_doc or ():
        if getattr(element, "tag", None) == PASSWORD_TAG:
            return (element.text or "").strip() if element.text else ""
    return None


def to_model(kind: Any, value: Any) -> Any:
    """Plain stored values (dicts in the contract's member names) -> spyne instances for serialisation."""
    if isinstance(value, str) and isinstance(kind, type) and issubclass(kind, DateTime):
        return _stored_datetime(value)
    if value is None or not (isinstance(kind, type) and issubclass(kind, ComplexModelBase)):
        return value
    if getattr(kind.Attributes, "_wrapper", False) and kind._type_info:  # Array(X): a list of X
        (item,) = kind._type_info.values()
        return [to_model(item, entry) for entry in value]
    model = kind.__orig__ or kind
    if model is t.ArrayOfstring:
        return t.ArrayOfstring(string=list(value))
    if not isinstance(value, dict):
        return value
    inst = model()
    for name, member in model.get_flat_type_info(model).items():
        given = value.get(name)
        if given is None and not member.Attributes.nillable:
            given = t.default_for(member)
        if given is not None:
            setattr(inst, name, to_model(member, given))
    return inst


def received(value: Any, keep_unset: bool = False, skip_nil_items: bool = False,
             scalar: Callable[[Any], Any] | None = None) -> Any:
    """A request value as spyne parsed it, as stored data: entities become dicts in member names (members the
    client left unset are dropped unless `keep_unset`), arrays lists, string arrays lists of their non-null
    strings; `scalar` may map the leaf values. The one walker the handler modules share."""
    if isinstance(value, t.ArrayOfstring):
        return [s for s in (value.string or []) if s is not None]
    if isinstance(value, list | tuple):
        return [received(v, keep_unset, skip_nil_items, scalar) for v in value if not (skip_nil_items and v is None)]
    if isinstance(value, ComplexModelBase):
        kind = type(value)
        out = {}
        for name in kind.get_flat_type_info(kind):
            given = getattr(value, name, None)
            if given is not None or keep_unset:
                out[name] = received(given, keep_unset, skip_nil_items, scalar)
        return out
    return scalar(value) if scalar is not None and value is not None else value


def _stored_datetime(value: str) -> Any:
    """Seeded and exported datasets hold dates as ISO strings ("2024-01-31", "2024-01-31T08:00:00Z")."""
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return value


def _dispatch(op_name: str, returns: Any, names: list[str]) -> Callable[..., Any]:
    def method(ctx: Any, *args: Any) -> Any:
        sim = ctx.transport.req_env.get(ENVIRON_SIMULATOR)
        try:
            tenant = sim.authenticate(api_key_of(ctx))
            handler = HANDLERS.get(op_name)
            if handler is None:
                raise GeneralFailure(f"Operation {op_name} is not supported by this simulator.")
            with tenant.lock:
                result = handler(tenant.state, **dict(zip(names, args, strict=False)))
                return to_model(returns, result) if returns is not None else None
        except SeveraFault as fault:
            raise Fault(faultcode=fault.code, faultstring=fault.description, detail=fault.detail()) from None

    method.__name__ = op_name
    return method


def build_services() -> list[type[ServiceBase]]:
    costcenter.extend(CONTRACT)  # ICostCenter/CostCenter: not in the vendor contract (see costcenter.py)
    t.build_all()
    services = []
    for iface, spec in CONTRACT["services"].items():
        attrs: dict[str, Any] = {"__service_name__": iface, "__port_types__": [iface]}
        for op in spec["operations"]:
            names = [p["name"] for p in op["params"]]
            params = [t.type_for(p["xsd"]).customize(nillable=bool(p.get("nillable")), min_occurs=0)
                      for p in op["params"]]
            returns = t.type_for(op["returns"]["xsd"]) if op["returns"] else None
            decorator_args: dict[str, Any] = {"_args": names, "_port_type": iface, "_operation_name": op["name"]}
            if returns is not None:
                decorator_args["_returns"] = returns.customize(nillable=True, min_occurs=0)
            attrs[op["name"]] = rpc(*params, **decorator_args)(_dispatch(op["name"], returns, names))
        services.append(type(iface, (ServiceBase,), attrs))
    return services


def build_application() -> Application:
    from simulators.severa import handlers  # noqa: F401  (registers every handler)

    return Application(build_services(), tns=t.TNS, name="API", in_protocol=Soap11(validator="lxml"),
                       out_protocol=Soap11())


def unauthenticated() -> AuthenticationFailure:
    return AuthenticationFailure(ACCESS_DENIED)


def emit_null_results(app: Application) -> None:
    """A null result goes out as `<OpResult i:nil="true"/>`, as WCF writes it (spyne would leave it out).

    Called after the WSDL and the request schema are built, so the WSDL keeps minOccurs="0"."""
    for descriptors in app.interface.service_method_map.values():
        for descriptor in descriptors:
            for member in descriptor.out_message._type_info.values():
                if member.Attributes.nillable:
                    member.Attributes.min_occurs = 1
