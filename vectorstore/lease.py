"""The ingest lock of a shared Chroma server: a lease record in the store itself.

A lock file only serialises the processes of one machine; clients on several machines that share one
`chroma run` server need the lock where they all look: in a collection of that server.

Chroma has no compare-and-swap, but `add` of an id that already exists leaves the existing record as
it is (measured on chromadb 1.5: no error, the first writer's record stays). So taking the lock is:
add the lock record with our owner id, read it back, and own the lock only when it carries our id.

A holder keeps the lease alive by bumping a counter every `heartbeat_s`. A waiter treats the lease as
abandoned (the holder crashed or lost its network) when the record did not change for `lease_s` by the
waiter's own clock, so clocks of different machines never need to agree. It then deletes exactly
that record (`where` owner and beat are the ones it saw), so of two waiters that both saw it abandoned
only one can take the lock afterwards.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from types import TracebackType
from typing import Any, Self

from filelock import Timeout

logger = logging.getLogger(__name__)

LOCK_ID = "ingest"


class LostLeaseError(RuntimeError):
    """The lease was taken over by another client while this one held it."""


class StoreLease:
    """Same interface as filelock.FileLock for the pipeline: acquire(timeout), release(), a context
    manager, `lock_file` naming where the lock lives."""

    def __init__(self, collection: Any, where: str, lease_s: float = 60.0, heartbeat_s: float | None = None,
                 poll_s: float = 1.0) -> None:
        heartbeat_s = lease_s / 6 if heartbeat_s is None else heartbeat_s
        if heartbeat_s >= lease_s:
            raise ValueError("heartbeat_s must be shorter than lease_s")
        self._col = collection
        self.lock_file = where
        self.lease_s, self.heartbeat_s, self.poll_s = lease_s, heartbeat_s, poll_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._stop = threading.Event()
        self._beater: threading.Thread | None = None
        self._lost = False
        self._beat = 0
        self._seen: tuple[str, int] | None = None  # (owner, beat) of the other holder, as last seen
        self._seen_since = 0.0

    # -- the record --------------------------------------------------------------------------------

    def _read(self) -> dict[str, Any] | None:
        got = self._col.get(ids=[LOCK_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

    def _write(self, beat: int, add: bool) -> None:
        write = self._col.add if add else self._col.upsert
        write(ids=[LOCK_ID], embeddings=[[1.0]], documents=[""],
              metadatas=[{"owner": self.owner, "beat": beat, "since": time.time()}])

    def holder(self) -> str | None:
        """Who holds the lock now (host:pid:id), or None."""
        record = self._read()
        return str(record["owner"]) if record else None

    # -- taking and giving back --------------------------------------------------------------------

    def _try_take(self) -> bool:
        record = self._read()
        if record is not None:
            seen = (str(record["owner"]), int(record["beat"]))
            now = time.monotonic()
            if seen != self._seen:
                self._seen, self._seen_since = seen, now
                return False
            if now - self._seen_since < self.lease_s:
                return False
            logger.warning("the ingest lease of %s did not change for %.0f s: taking it over", seen[0],
                           now - self._seen_since)
            self._col.delete(ids=[LOCK_ID], where={"$and": [{"owner": seen[0]}, {"beat": seen[1]}]})
        self._write(0, add=True)  # leaves the record alone when another client was faster
        record = self._read()
        return record is not None and record["owner"] == self.owner

    def acquire(self, timeout: float = -1) -> None:
        """Take the lock, waiting up to `timeout` seconds (forever when negative); raises
        filelock.Timeout when another client holds it longer."""
        if self._beater is not None:
            raise RuntimeError("this lease is already held")
        deadline = None if timeout < 0 else time.monotonic() + timeout
        while not self._try_take():
            if deadline is not None and time.monotonic() >= deadline:
                raise Timeout(self.lock_file)
            time.sleep(self.poll_s if deadline is None else max(0.0, min(self.poll_s, deadline - time.monotonic())))
        self._seen = None
        self._lost = False
        self._beat = 0
        self._stop.clear()
        self._beater = threading.Thread(target=self._heartbeat, name="akkoord-lease", daemon=True)
        self._beater.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.heartbeat_s) and self._renew():
            pass

    def _renew(self) -> bool:
        """One renewal of the lease; False when it is no longer ours."""
        try:
            record = self._read()
            if record is None or record["owner"] != self.owner:
                self._lost = True
                logger.error("the ingest lease was taken over by %s", record and record["owner"])
                return False
            self._beat += 1
            self._write(self._beat, add=False)
        except Exception:  # a network hiccup: try again at the next beat, the lease is long
            logger.warning("could not renew the ingest lease", exc_info=True)
        return True

    def check(self) -> None:
        """Raise LostLeaseError when another client took the lease over (this one stalled too long)."""
        if self._lost:
            raise LostLeaseError(
                f"the ingest lock ({self.lock_file}) was taken over by another client after this one "
                f"did not renew it for {self.lease_s:.0f} s"
            )

    def release(self) -> None:
        if self._beater is None:
            return
        self._stop.set()
        self._beater.join()
        self._beater = None
        self._col.delete(ids=[LOCK_ID], where={"owner": self.owner})

    @property
    def is_locked(self) -> bool:
        return self._beater is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
