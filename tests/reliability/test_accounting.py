"""Every file handed to an ingest is accounted for (fake embedder): ingested, unchanged, replaced or
failed with a reason, exactly once, and no document silently replaces another."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.app import open_store
from assistant.config import Settings
from ingest.load import iter_paths
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import CORPUS, DATA, FORMATS, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import check_store, expected_documents


def _run(store_dir: Path, *paths: Path):
    settings = Settings(store=store_dir)
    store = open_store(settings, HashEmbeddings())
    return store, ingest_paths(list(paths), store, ingest_lock(store_dir), settings.max_file_bytes)


def _accounted(report) -> list[str]:
    return sorted([*report.ingested, *report.unchanged, *report.replaced,
                   *(Path(f["file"]).name for f in report.failed)])


def test_every_file_is_accounted_for_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    shutil.copytree(DATA / "bad", folder / "slecht")
    shutil.copytree(FORMATS, folder / "formaten")
    shutil.copytree(CORPUS, folder / "corpus")
    files = sorted(p.name for p in iter_paths([folder]))
    store, report = _run(tmp_path / "store", folder)
    assert _accounted(report) == files
    assert all(f["reason"] for f in report.failed)
    good = [p for p in iter_paths([folder]) if "slecht" not in p.parts]
    state = check_store(store, expected_documents(good))
    assert sorted(state.present) == sorted(p.name for p in good) and state.orphans == 0
    _, again = _run(tmp_path / "store", folder)
    assert _accounted(again) == files and sorted(again.unchanged) == sorted(p.name for p in good)


def test_two_files_with_one_name_do_not_replace_each_other(tmp_path: Path) -> None:
    """Documents are known by file name. Two different files called notulen.txt in one run used to
    end as one document (the last), and to replace each other on every later run."""
    folder = tmp_path / "map"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copy(CORPUS / SCHELDELAND, folder / "a" / "notulen.txt")
    shutil.copy(DATA / "variants" / "aalst-ninove-samenwerkingsovereenkomst-2023.txt", folder / "b" / "notulen.txt")
    store, report = _run(tmp_path / "store", folder)
    assert report.ingested == ["notulen.txt"] and report.replaced == []
    assert len(report.failed) == 1 and "same name" in report.failed[0]["reason"]
    assert report.failed[0]["file"] == str(folder / "b" / "notulen.txt")
    first = store.all_chunks()
    check_store(store, expected_documents([folder / "a"]))
    # the next run changes nothing: the first stays, the second is reported again
    _, again = _run(tmp_path / "store", folder)
    assert again.unchanged == ["notulen.txt"] and again.replaced == [] and len(again.failed) == 1
    assert [c.id for c in store.all_chunks()] == [c.id for c in first]


def test_the_same_file_named_twice_is_not_a_conflict(tmp_path: Path) -> None:
    _, report = _run(tmp_path / "store", CORPUS / SCHELDELAND, CORPUS, CORPUS / SCHELDELAND)
    assert report.failed == [] and report.ingested.count(SCHELDELAND) == 1
