"""Operation handlers, one module per interface group; importing this package registers them all.

A handler is `fn(state, **params) -> result` with params named as in the contract; it returns stored dicts
(or lists of them, or primitives) and raises SeveraFault subclasses. See invoices.py for the pattern.
"""

from simulators.severa.handlers import (  # noqa: F401
    api,
    cases,
    customers,
    files,
    invoices,
    items,
    organization,
    products,
    reference,
    travel,
)
