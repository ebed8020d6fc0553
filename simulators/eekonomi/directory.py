"""Who may connect: registered OAuth clients and Visma users, across all companies (tenants).

Unlike everything else a tenant owns, clients and users are shared: one integration (client) connects to
many companies, and one user may belong to several companies and connect each one separately. A tenant's
credentials name its client and its user; creating the tenant registers them here, or, when they exist
already with the same secret, adds the new company to them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


class DirectoryError(ValueError):
    pass


@dataclass
class Client:
    client_id: str
    secret: str
    redirect_uris: list[str] = field(default_factory=list)
    name: str = "Integration"
    tenants: set[str] = field(default_factory=set)


@dataclass
class User:
    username: str
    password: str
    name: str = ""
    companies: list[str] = field(default_factory=list)  # tenant ids, in the order the user joined them


class Directory:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clients: dict[str, Client] = {}
        self.users: dict[str, User] = {}

    def enroll(self, tenant_id: str, credentials: dict[str, str]) -> None:
        """Register (or extend) the client and the user a tenant's credentials name."""
        with self._lock:
            client_id, secret = credentials["client_id"], credentials["client_secret"]
            client = self.clients.get(client_id)
            if client is not None and client.secret != secret:
                raise DirectoryError(f"client {client_id!r} exists with another secret")
            username, password = credentials["username"], credentials["password"]
            user = self.users.get(username.lower())
            if user is not None and user.password != password:
                raise DirectoryError(f"user {username!r} exists with another password")
            if client is None:
                client = self.clients[client_id] = Client(client_id, secret)
            redirect = credentials.get("redirect_uri")
            if redirect and redirect not in client.redirect_uris:
                client.redirect_uris.append(redirect)
            client.tenants.add(tenant_id)
            if user is None:
                user = self.users[username.lower()] = User(username, password, credentials.get("name", username))
            if tenant_id not in user.companies:
                user.companies.append(tenant_id)

    def join(self, username: str, tenant_id: str) -> User:
        """Make an existing user a member of one more company."""
        with self._lock:
            user = self.user(username)
            if tenant_id not in user.companies:
                user.companies.append(tenant_id)
            return user

    def forget_tenant(self, tenant_id: str) -> None:
        """A deleted company: no user belongs to it; clients and users left with nothing go too."""
        with self._lock:
            for key, user in list(self.users.items()):
                if tenant_id in user.companies:
                    user.companies.remove(tenant_id)
                    if not user.companies:
                        del self.users[key]
            for client_id, client in list(self.clients.items()):
                client.tenants.discard(tenant_id)
                if not client.tenants:
                    del self.clients[client_id]

    def user(self, username: str) -> User:
        user = self.users.get(username.lower())
        if user is None:
            raise DirectoryError(f"no user {username!r}")
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        user = self.users.get(username.strip().lower())
        return user if user is not None and user.password == password else None

    def client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)
