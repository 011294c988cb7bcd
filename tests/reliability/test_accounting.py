"""Every file handed to an ingest is accounted for (fake embedder): ingested, unchanged, replaced or
failed with a reason, exactly once, and no document silently replaces another."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.app import open_store
from assistant.config import Settings
from ingest.load import iter_documents, iter_paths
from ingest.pipeline import ingest_lock, ingest_paths
from tests.conftest import CORPUS, DATA, FORMATS, SCHELDELAND, HashEmbeddings
from tests.reliability.helpers import check_store, expected_documents


def _run(store_dir: Path, *paths: Path):
    settings = Settings(store=store_dir)
    store = open_store(settings, HashEmbeddings())
    return store, ingest_paths(list(paths), store, ingest_lock(store_dir), settings.max_file_bytes)


def _accounted(report, folder: Path) -> list[str]:
    return sorted([*report.ingested, *report.unchanged, *report.replaced,
                   *(Path(f["file"]).relative_to(folder).as_posix() for f in report.failed)])


def test_every_file_is_accounted_for_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    shutil.copytree(DATA / "bad", folder / "slecht")
    shutil.copytree(FORMATS, folder / "formaten")
    shutil.copytree(CORPUS, folder / "corpus")
    files = sorted(name for _, name in iter_documents([folder]))  # identities: paths in the folder
    store, report = _run(tmp_path / "store", folder)
    assert _accounted(report, folder) == files
    assert all(f["reason"] for f in report.failed)
    good = [p for p in iter_paths([folder]) if "slecht" not in p.parts]
    state = check_store(store, expected_documents(good, folder))
    assert sorted(state.present) == sorted(p.relative_to(folder).as_posix() for p in good) and state.orphans == 0
    _, again = _run(tmp_path / "store", folder)
    assert _accounted(again, folder) == files
    assert sorted(again.unchanged) == sorted(p.relative_to(folder).as_posix() for p in good)


def test_two_files_with_one_identity_in_one_run_do_not_replace_each_other(tmp_path: Path) -> None:
    """Two folders given side by side, each with a notulen.txt at the top: both would be known as
    'notulen.txt' and replace each other on every run; the second is refused with the reason."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(CORPUS / SCHELDELAND, tmp_path / "a" / "notulen.txt")
    shutil.copy(DATA / "variants" / "aalst-ninove-samenwerkingsovereenkomst-2023.txt", tmp_path / "b" / "notulen.txt")
    store, report = _run(tmp_path / "store", tmp_path / "a", tmp_path / "b")
    assert report.ingested == ["notulen.txt"] and report.replaced == []
    assert len(report.failed) == 1 and "same name" in report.failed[0]["reason"]
    assert report.failed[0]["file"] == str(tmp_path / "b" / "notulen.txt")
    first = store.all_chunks()
    check_store(store, expected_documents([tmp_path / "a"]))
    # the next run changes nothing: the first stays, the second is reported again
    _, again = _run(tmp_path / "store", tmp_path / "a", tmp_path / "b")
    assert again.unchanged == ["notulen.txt"] and again.replaced == [] and len(again.failed) == 1
    assert [c.id for c in store.all_chunks()] == [c.id for c in first]


def test_the_same_file_named_twice_is_not_a_conflict(tmp_path: Path) -> None:
    _, report = _run(tmp_path / "store", CORPUS / SCHELDELAND, CORPUS, CORPUS / SCHELDELAND)
    assert report.failed == [] and report.ingested.count(SCHELDELAND) == 1
