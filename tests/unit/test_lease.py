"""The ingest lease of a shared Chroma server, on a real (embedded) Chroma collection. Each StoreLease
stands for one client; the real server is exercised in tests/reliability/test_concurrent.py."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from filelock import Timeout

from vectorstore.lease import LostLeaseError, StoreLease
from vectorstore.store import make_client

FAST = {"lease_s": 0.6, "heartbeat_s": 0.1, "poll_s": 0.05}


@pytest.fixture()
def collection(tmp_path: Path):
    return make_client(tmp_path / "store", None).get_or_create_collection("akkoord_locks", embedding_function=None)


def test_one_holder_at_a_time(collection) -> None:
    a, b = StoreLease(collection, "test", **FAST), StoreLease(collection, "test", **FAST)
    a.acquire(timeout=0)
    assert a.holder() == a.owner and a.is_locked
    with pytest.raises(Timeout):
        b.acquire(timeout=0.3)
    # a live holder keeps it however long it takes: its heartbeat renews the lease
    with pytest.raises(Timeout):
        b.acquire(timeout=3 * FAST["lease_s"])
    a.check()
    a.release()
    assert a.holder() is None and not a.is_locked
    b.acquire(timeout=1)
    assert b.holder() == b.owner
    b.release()


def test_many_clients_racing_get_it_one_at_a_time(collection) -> None:
    inside: list[str] = []
    overlaps: list[tuple[str, str]] = []
    guard = threading.Lock()

    def client() -> None:
        lease = StoreLease(collection, "test", **FAST)
        with lease:
            with guard:
                if inside:
                    overlaps.append((inside[0], lease.owner))
                inside.append(lease.owner)
            time.sleep(0.05)
            with guard:
                inside.remove(lease.owner)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert overlaps == []
    assert collection.get(ids=["ingest"])["ids"] == []


def test_abandoned_lease_is_taken_over_and_the_stalled_holder_notices(collection) -> None:
    crashed = StoreLease(collection, "test", **FAST)
    crashed.acquire(timeout=0)
    crashed._stop.set()  # the holder stalls: no more heartbeats, record left behind
    crashed._beater.join()
    other = StoreLease(collection, "test", **FAST)
    started = time.monotonic()
    other.acquire(timeout=10)
    waited = time.monotonic() - started
    assert other.holder() == other.owner
    assert FAST["lease_s"] <= waited < 5
    # the stalled holder comes back: its next renewal sees the other owner and gives up
    crashed._stop.clear()
    assert not crashed._renew()
    with pytest.raises(LostLeaseError, match="overgenomen"):
        crashed.check()
    other.release()


def test_release_never_deletes_another_clients_lock(collection) -> None:
    a, b = StoreLease(collection, "test", **FAST), StoreLease(collection, "test", **FAST)
    a.acquire(timeout=0)
    a._stop.set()
    a._beater.join()
    b.acquire(timeout=10)  # took a's abandoned lease over
    a.release()
    assert b.holder() == b.owner
    b.release()


def test_heartbeat_must_be_shorter_than_the_lease(collection) -> None:
    with pytest.raises(ValueError, match="heartbeat"):
        StoreLease(collection, "test", lease_s=1, heartbeat_s=1)


class _AfterGet:
    """The lock collection as one client sees it: after its next read, something else happens first
    (another client acts between this client's read and its write)."""

    def __init__(self, target) -> None:
        self._target = target
        self.after_next_get = None

    def get(self, *args, **kwargs):
        got = self._target.get(*args, **kwargs)
        hook, self.after_next_get = self.after_next_get, None
        if hook is not None:
            hook()
        return got

    def __getattr__(self, name):
        return getattr(self._target, name)


def _stall(lease: StoreLease) -> None:
    """The holder stops renewing (a long pause, a suspended laptop): its heartbeat thread stops."""
    lease._stop.set()
    lease._beater.join()


def test_renew_never_overwrites_the_record_of_the_client_that_took_over(collection) -> None:
    a = StoreLease(_AfterGet(collection), "test", **FAST)
    a.acquire(timeout=0)
    _stall(a)
    b = StoreLease(collection, "test", **FAST)
    # a wakes up and renews: it reads the lease (still its own) and, before it writes, b takes it over
    a._col.after_next_get = lambda: b.acquire(timeout=10)
    a._renew()
    assert b.is_locked
    assert b.holder() == b.owner  # a's late renewal did not put its own record back
    assert not a._renew()  # a's next renewal sees that it lost the lease
    with pytest.raises(LostLeaseError):
        a.check()
    b.release()


def test_fencing_token_grows_with_every_acquisition_and_takeover(collection) -> None:
    a, b, c = (StoreLease(collection, "test", **FAST) for _ in range(3))
    a.acquire(timeout=0)
    first = a.token
    a.release()
    b.acquire(timeout=0)
    second = b.token
    assert second > first
    _stall(b)
    c.acquire(timeout=10)  # takes b's abandoned lease over
    assert c.token > second
    c.ensure_held()
    with pytest.raises(LostLeaseError, match="overgenomen"):
        b.ensure_held()  # b asks the server, not only its own heartbeat
    c.release()
    a.acquire(timeout=1)
    assert a.token > c.token
    a.release()


def test_many_clients_racing_for_an_abandoned_lease_take_it_one_at_a_time(collection) -> None:
    crashed = StoreLease(collection, "test", **FAST)
    crashed.acquire(timeout=0)
    _stall(crashed)
    holders: list[tuple[int, str]] = []
    inside: list[str] = []
    overlaps: list[tuple[str, str]] = []
    guard = threading.Lock()

    def client() -> None:
        lease = StoreLease(collection, "test", **FAST)
        with lease:
            with guard:
                if inside:
                    overlaps.append((inside[0], lease.owner))
                inside.append(lease.owner)
                holders.append((lease.token, lease.owner))
            time.sleep(0.1)
            lease.ensure_held()
            with guard:
                inside.remove(lease.owner)

    threads = [threading.Thread(target=client) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert overlaps == []
    tokens = [token for token, _ in holders]
    assert len(set(tokens)) == 5 and min(tokens) > 0
