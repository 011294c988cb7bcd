"""The ingest lock of a shared Chroma server: a lease in the store itself, with a fencing token.

A lock file only serialises the processes of one machine; clients on several machines that share one
`chroma run` server need the lock where they all look: in a collection of that server.

What Chroma offers (measured against `chroma run`, chromadb 1.5.9, with
`python -m tests.reliability.chroma_primitives`; see README "Server mode"):
- `add` of an id that already exists leaves the existing record as it is (no error). Writes go through
  one log in the server, so of several clients adding the same new id exactly one record wins, and
  every client reads that one back (6 processes racing for 300 ids: one winner for every id).
  That is an insert-if-absent: the only conditional write Chroma has.
- No compare-and-set: `update`/`upsert` write whatever is there, and `delete(where=...)` is two steps
  in the server (find the matching ids, then delete those ids), so it can delete a record that was
  rewritten in between (in two runs of 500 races it deleted a record that no longer matched its
  filter 335 and 365 times; 6 processes racing for 300 ids found one winner for each, twice).
  The earlier lease took an abandoned lock over with such a delete and could let two clients in.

So the lease is a sequence of write-once records `lease:<n>`, one per holder: taking the lock is adding
the record after the newest one, and `add` lets exactly one client have each number. `n` is the fencing
token: it grows with every acquisition (takeovers included) and belongs to one holder forever.
- A holder keeps its lease alive by bumping a counter in its own record (`update`, which never creates a
  record); it never writes any other record, so a holder that stalled and lost the lease cannot
  overwrite the record of the client that took it over.
- A waiter treats the lease as abandoned (the holder crashed, hangs, or lost its network) when the
  newest record did not change for `lease_s` by the waiter's own clock, so clocks of different machines
  never need to agree. It then adds the next record; of several waiters exactly one gets it.
- Releasing marks the holder's own record released; the next client adds the next number at once.
- `ensure_held()` asks the server whether this holder's number is still the newest.

The lease alone cannot stop a stalled holder from writing: it can wake up just after checking its
lease. What keeps such late writes harmless is the commit protocol of the store (vectorstore/store.py),
which is built on the same insert-if-absent and records each writer's token.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from types import TracebackType
from typing import Any, Self

from filelock import Timeout

logger = logging.getLogger(__name__)

_PREFIX = "lease:"
_KEEP = 2  # records of earlier holders kept (for diagnosis); older ones are removed by the next holder


class LostLeaseError(RuntimeError):
    """The lease was taken over by another client while this one held it."""


def _record_id(number: int) -> str:
    return f"{_PREFIX}{number:012d}"


class StoreLease:
    """Same interface as filelock.FileLock for the pipeline: acquire(timeout), release(), a context
    manager, `lock_file` naming where the lock lives; plus the fencing `token` of the current hold."""

    def __init__(self, collection: Any, where: str, lease_s: float = 60.0, heartbeat_s: float | None = None,
                 poll_s: float = 1.0) -> None:
        heartbeat_s = lease_s / 6 if heartbeat_s is None else heartbeat_s
        if heartbeat_s >= lease_s:
            raise ValueError("heartbeat_s must be shorter than lease_s")
        self._col = collection
        self.lock_file = where
        self.lease_s, self.heartbeat_s, self.poll_s = lease_s, heartbeat_s, poll_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{os.urandom(6).hex()}"
        self._stop = threading.Event()
        self._beater: threading.Thread | None = None
        self._lost = False
        self._beat = 0
        self._token = 0  # the number of the record this client holds (or held last)
        self._seen: tuple[str, int, int] | None = None  # (owner, number, beat) of the newest record seen
        self._seen_since = 0.0

    # -- the records -------------------------------------------------------------------------------

    def _newest(self) -> dict[str, Any] | None:
        """The newest lease record (the current or last holder), or None."""
        got = self._col.get(include=["metadatas"])
        records = [dict(meta, id=rid) for rid, meta in zip(got["ids"], got["metadatas"], strict=True)
                   if rid.startswith(_PREFIX) and meta]
        return max(records, key=lambda r: int(r["number"]), default=None)

    def _mine(self, newest: dict[str, Any] | None, number: int | None = None) -> bool:
        number = self._token if number is None else number
        return newest is not None and newest["owner"] == self.owner and int(newest["number"]) == number

    @property
    def token(self) -> int:
        """The fencing token: the number of this client's lease record; larger for every later holder."""
        return self._token

    def holder(self) -> str | None:
        """Who holds the lock now (host:pid:id), or None."""
        record = self._newest()
        return str(record["owner"]) if record and not record.get("released") else None

    # -- taking and giving back --------------------------------------------------------------------

    def _try_take(self) -> bool:
        newest = self._newest()
        number = 1
        if newest is not None:
            number = int(newest["number"]) + 1
            if not newest.get("released"):
                seen = (str(newest["owner"]), int(newest["number"]), int(newest["beat"]))
                now = time.monotonic()
                if seen != self._seen:
                    self._seen, self._seen_since = seen, now
                    return False
                if now - self._seen_since < self.lease_s:
                    return False
                logger.warning("de inleesvergrendeling van %s werd %.0f s niet vernieuwd: ze wordt overgenomen",
                               seen[0], now - self._seen_since)
        # insert-if-absent: of all clients adding this number, one record stays
        self._col.add(ids=[_record_id(number)], embeddings=[[1.0]], documents=[""],
                      metadatas=[{"owner": self.owner, "number": number, "beat": 0, "released": False}])
        if not self._mine(self._newest(), number):
            return False  # another client was faster (or this number was long gone and is not the newest)
        self._token = number
        return True

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
        self._forget_old()
        self._stop.clear()
        self._beater = threading.Thread(target=self._heartbeat, name="akkoord-lease", daemon=True)
        self._beater.start()

    def _forget_old(self) -> None:
        """Remove the records of holders before the last few. Only numbers far below the newest go: a
        client that re-adds one of them sees that it is not the newest and does not take the lock."""
        try:
            got = self._col.get(include=[])
            old = [rid for rid in got["ids"] if rid.startswith(_PREFIX) and int(rid[len(_PREFIX):]) < self._token - _KEEP]
            if old:
                self._col.delete(ids=old)
        except Exception:  # housekeeping only
            logger.debug("could not remove old lease records", exc_info=True)

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.heartbeat_s) and self._renew():
            pass

    def _renew(self) -> bool:
        """One renewal of the lease; False when it is no longer ours. Writes only this holder's own
        record, and with `update`, which never creates one."""
        try:
            newest = self._newest()
            if not self._mine(newest):
                self._lost = True
                logger.error("de inleesvergrendeling werd overgenomen door %s", newest and newest["owner"])
                return False
            self._beat += 1
            self._col.update(ids=[_record_id(self._token)], metadatas=[{"beat": self._beat}])
        except Exception:  # a network hiccup: try again at the next beat, the lease is long
            logger.warning("could not renew the ingest lease", exc_info=True)
        return True

    def _lost_error(self) -> LostLeaseError:
        return LostLeaseError(
            f"de inleesvergrendeling ({self.lock_file}) werd overgenomen door een andere client, omdat deze "
            f"ingest ze {self.lease_s:g} s niet vernieuwde (het proces hing of de computer sliep); deze "
            "ingest stopt hier. Wat al volledig was ingelezen, blijft bewaard: start de ingest opnieuw "
            "voor de rest"
        )

    def check(self) -> None:
        """Raise LostLeaseError when the heartbeat found the lease taken over (cheap: no server call)."""
        if self._lost:
            raise self._lost_error()

    def ensure_held(self) -> None:
        """Raise LostLeaseError unless this client's record is still the newest (asks the server)."""
        self.check()
        if self._beater is None or not self._mine(self._newest()):
            self._lost = True
            raise self._lost_error()

    def release(self) -> None:
        if self._beater is None:
            return
        self._stop.set()
        self._beater.join()
        self._beater = None
        # only this holder's own record: after a takeover it is no longer the newest and changes nothing
        self._col.update(ids=[_record_id(self._token)], metadatas=[{"released": True}])

    @property
    def is_locked(self) -> bool:
        return self._beater is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
