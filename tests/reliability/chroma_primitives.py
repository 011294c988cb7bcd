"""What a real `chroma run` guarantees for concurrent writes: the measurements behind the lease and
the commit protocol (vectorstore/lease.py, vectorstore/store.py).

    python -m tests.reliability.chroma_primitives [--processes 6] [--ids 300] [--races 500]

1. insert-if-absent: N processes add the same new ids (each with its own owner) and read each back;
   every id must have exactly one winner that every process agrees on.
2. `update` of an id that does not exist creates nothing.
3. `delete(ids=[x], where=...)` racing an `upsert` of x: how often it deletes a record that no longer
   matches its filter (the filter and the delete are two steps in the server).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.reliability.helpers import chroma_server, clean_env


def _client(url: str) -> Any:
    import chromadb
    from chromadb.config import Settings

    host, port = url.rsplit("//", 1)[1].rsplit(":", 1)
    return chromadb.HttpClient(host=host, port=int(port), settings=Settings(anonymized_telemetry=False))


def _adder(url: str, owner: str, n: int, start: float) -> None:
    """One racing process: add ids 0..n-1 with this owner, print the ids it read back as its own."""
    col = _client(url).get_or_create_collection("race", embedding_function=None)
    while time.time() < start:
        time.sleep(0.001)
    won = []
    for i in range(n):
        col.add(ids=[f"slot:{i}"], embeddings=[[1.0]], metadatas=[{"owner": owner}], documents=[""])
        if col.get(ids=[f"slot:{i}"])["metadatas"][0]["owner"] == owner:
            won.append(i)
    print(json.dumps(won))


def race_adds(url: str, processes: int, ids: int) -> dict[str, int]:
    client = _client(url)
    client.get_or_create_collection("race", embedding_function=None)
    start = time.time() + 3  # every process connected before the first add
    procs = [subprocess.Popen([sys.executable, "-m", "tests.reliability.chroma_primitives", "--adder", url, f"p{k}",
                               str(ids), str(start)], cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE)
             for k in range(processes)]
    wins: Counter[int] = Counter()
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0
        wins.update(json.loads(out))
    stored = client.get_collection("race").get()
    return {"ids": ids, "processes": processes, "one_winner": sum(1 for i in range(ids) if wins[i] == 1),
            "stored": len(stored["ids"])}


def update_missing(url: str) -> bool:
    """True when `update` of a missing id left the collection without it."""
    col = _client(url).get_or_create_collection("update-missing", embedding_function=None)
    col.update(ids=["nobody"], metadatas=[{"beat": 1}])
    return col.get(ids=["nobody"])["ids"] == []


def race_delete_where(url: str, races: int) -> dict[str, int]:
    a, b = _client(url), _client(url)
    col_a = a.get_or_create_collection("delete-where", embedding_function=None)
    col_b = b.get_collection("delete-where")
    deleted = 0
    for i in range(races):
        rid = f"x{i}"
        col_a.upsert(ids=[rid], embeddings=[[1.0]], metadatas=[{"owner": "a"}], documents=[""])
        barrier = threading.Barrier(2)

        def delete(rid: str = rid, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            col_a.delete(ids=[rid], where={"owner": "a"})

        def rewrite(rid: str = rid, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            col_b.upsert(ids=[rid], embeddings=[[1.0]], metadatas=[{"owner": "b"}], documents=[""])

        threads = [threading.Thread(target=delete), threading.Thread(target=rewrite)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # gone means: the delete came after b's write (else b's write would have re-created it), and
        # still removed a record whose owner was b, not a
        deleted += not col_a.get(ids=[rid])["ids"]
    return {"races": races, "deleted_although_rewritten": deleted}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--adder":
        _adder(argv[1], argv[2], int(argv[3]), float(argv[4]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--ids", type=int, default=300)
    parser.add_argument("--races", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data, chroma_server(Path(data)) as url:
        print("insert-if-absent:", race_adds(url, args.processes, args.ids))
        print("update of a missing id creates nothing:", update_missing(url))
        print("delete(where) racing upsert:", race_delete_where(url, args.races))


if __name__ == "__main__":
    main(sys.argv[1:])
