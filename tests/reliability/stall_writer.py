"""`akkoord ingest` (the real command, real model, real lease) that stops itself with SIGSTOP at an
exact point of the store's write order, as a holder that hangs (a long pause, a suspended laptop):

    python -m tests.reliability.stall_writer POINT NAME INGEST-ARGS...

POINT is where it stops while writing document NAME:
  commit  every chunk written, right before the manifest that commits them
  stale   right after that manifest, before the old version's chunks are deleted
The test sends SIGCONT when it wants the holder to go on.
"""

from __future__ import annotations

import os
import signal
import sys

import assistant.app
from assistant.cli import main as akkoord


class _Stall:
    """The store's manifest collection, stopping the process once around the manifest of one document."""

    def __init__(self, target, point: str, name: str) -> None:
        self._target, self._point, self._name, self._done = target, point, name, False

    def _write(self, method: str, kwargs: dict):
        ours = not self._done and any(
            str(rid).startswith("doc:") and meta and meta.get("name") == self._name
            for rid, meta in zip(kwargs.get("ids") or [], kwargs.get("metadatas") or [], strict=False))
        if ours and self._point == "commit":
            self._stop()
        result = getattr(self._target, method)(**kwargs)
        if ours and self._point == "stale":
            self._stop()
        return result

    def _stop(self) -> None:
        self._done = True
        os.kill(os.getpid(), signal.SIGSTOP)  # every thread stops, the lease heartbeat too

    def add(self, **kwargs):
        return self._write("add", kwargs)

    def upsert(self, **kwargs):
        return self._write("upsert", kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def main(argv: list[str]) -> None:
    point, name, *args = argv
    open_store = assistant.app.open_store

    def stalling_store(*a, **kw):
        store = open_store(*a, **kw)
        store._docs = _Stall(store._docs, point, name)
        return store

    assistant.app.open_store = stalling_store
    akkoord.main(args=args, prog_name="akkoord")


if __name__ == "__main__":
    main(sys.argv[1:])
