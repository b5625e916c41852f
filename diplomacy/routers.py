"""Read replicas: anonymous visitors' reads go to a replica, everything else to the primary.

The router uses a replica only while ReplicaReadsMiddleware has marked the current web request
as allowed to read one. Everything outside a web request (ingest and every other management
command, Celery workers, the shell, data migrations) reads and writes the primary. Within a
request, reads stay on the primary when:

- the request is not a safe method (POST, PUT, ...), or the client is logged in (editors must see
  their own changes in the admin at once);
- the request has written anything: the rest of it reads the primary;
- the client wrote less than REPLICA_STICKY_SECONDS ago (a signed cookie), so a replica that lags
  behind never shows it the archive as it was before its own change.

Writes always go to the primary. Settings install the router only when DATABASE_REPLICA_URLS names
replicas; should it run without any, it expresses no opinion and Django uses "default" throughout.
"""

from __future__ import annotations

import random
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished

PRIMARY = "default"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STICKY_SALT = "diplomacy.routers.read-primary"


@dataclass
class RequestReads:
    """Where the current request's reads go. Mutable, so a write deep in a view reaches the middleware."""

    replica: str | None  # the replica this request reads, or None for the primary
    wrote: bool = False


# A context variable rather than a thread-local: each asyncio task (ASGI) and each thread has its
# own, and code that runs outside a request sees None, which means the primary.
current_request_reads: ContextVar[RequestReads | None] = ContextVar("current_request_reads", default=None)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICAS:
            return None
        reads = current_request_reads.get()
        if reads is None or reads.replica is None:
            return PRIMARY
        return reads.replica

    def db_for_write(self, model, **hints):
        if not settings.DATABASE_REPLICAS:
            return None
        reads = current_request_reads.get()
        if reads is not None:
            # A request that writes reads its own writes for the rest of the request.
            reads.replica = None
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows, so an object read from one may point at one from the other.
        same_data = {PRIMARY, *settings.DATABASE_REPLICAS}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas are read-only copies that PostgreSQL replication keeps in step with the primary.
        if db in settings.DATABASE_REPLICAS:
            return False
        return None


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may go to a replica and sets the sticky cookie after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        reads = RequestReads(
            replica=random.choice(settings.DATABASE_REPLICAS) if self._may_read_replica(request) else None
        )
        token = current_request_reads.set(reads)
        response = None
        try:
            response = self.get_response(request)
        finally:
            # A streamed export keeps reading after this returns; its mark is cleared when the
            # request finishes (clear_request_reads below).
            if response is None or not response.streaming:
                current_request_reads.reset(token)
        if (reads.wrote or request.method not in SAFE_METHODS) and settings.REPLICA_STICKY_SECONDS > 0:
            response.set_signed_cookie(
                settings.REPLICA_STICKY_COOKIE,
                "1",
                salt=STICKY_SALT,
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _may_read_replica(request) -> bool:
        if request.method not in SAFE_METHODS or request.user.is_authenticated:
            return False
        # The signature carries its own timestamp: an expired or forged cookie counts as absent.
        recently_wrote = request.get_signed_cookie(
            settings.REPLICA_STICKY_COOKIE,
            default=None,
            salt=STICKY_SALT,
            max_age=settings.REPLICA_STICKY_SECONDS,
        )
        return recently_wrote is None


def clear_request_reads(**kwargs) -> None:
    current_request_reads.set(None)


request_finished.connect(clear_request_reads, dispatch_uid="diplomacy.routers.clear_request_reads")
