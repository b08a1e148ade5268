"""The model's results on disk (evbrief.core.artefacts, used by evbrief.analysis.scenarios): a damaged
entry is computed again, never trusted; two processes writing one entry leave one valid entry; an
edited table, scenarios.toml or model file is a new entry."""

from __future__ import annotations

import multiprocessing
import shutil

import pandas as pd
import pytest
from evbrief import PACKAGE_DIR
from evbrief.analysis import scenarios
from evbrief.core import artefacts


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, and no result kept in memory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    artefacts.forget_memory()
    yield artefacts.cache_dir()
    artefacts.forget_memory()


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_result_is_computed_once_then_read(cache):
    compute, calls = _counting({"a": [1, 2, 3]})
    assert artefacts.cached("x-1", compute) == {"a": [1, 2, 3]}
    artefacts.forget_memory()  # another process: only the disk
    assert artefacts.cached("x-1", compute) == {"a": [1, 2, 3]}
    assert len(calls) == 1
    assert list(cache.iterdir()) == [cache / "x-1.pickle"]


def test_none_is_a_result_not_a_miss(cache):
    compute, calls = _counting(None)
    artefacts.cached("none-1", compute)
    artefacts.forget_memory()
    assert artefacts.cached("none-1", compute) is None
    assert len(calls) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # cut short (a full disk, a copy interrupted)
        # one bit flipped in the middle of the payload: it still unpickles, to other bytes
        lambda b: b[: len(b) // 2] + bytes([b[len(b) // 2] ^ 1]) + b[len(b) // 2 + 1 :],
        lambda b: b"",  # empty
        lambda b: b"not an entry at all",
        lambda b: b.replace(b"evbrief-artefact 1", b"evbrief-artefact 9"),  # another format
    ],
)
def test_a_damaged_entry_is_computed_again_and_replaced(cache, damage):
    value = bytes(range(256)) * 40
    compute, calls = _counting(value)
    artefacts.cached("d-1", compute)
    file = artefacts.path_of("d-1")
    file.write_bytes(damage(file.read_bytes()))
    artefacts.forget_memory()
    assert artefacts.read("d-1") is artefacts.MISSING
    assert artefacts.cached("d-1", compute) == value
    assert len(calls) == 2
    assert artefacts.read("d-1") == value  # the entry was written again, whole


def test_an_entry_under_another_name_is_not_trusted(cache):
    artefacts.write("a-1", "a")
    shutil.copy(artefacts.path_of("a-1"), artefacts.path_of("b-1"))  # valid bytes, wrong key
    assert artefacts.read("b-1") is artefacts.MISSING


def test_damaged_draws_are_computed_again(cache):
    """Through the model: a damaged file of draws gives the same draws as a fresh computation."""
    first = scenarios.sample("stated_policies", draws=30, area="THA")
    entries = list(cache.glob("draws-*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(entries[0].read_bytes()[:-100])
    artefacts.forget_memory()
    again = scenarios.sample("stated_policies", draws=30, area="THA")
    pd.testing.assert_frame_equal(first, again)
    assert artefacts.read(entries[0].name.removesuffix(".pickle")) is not artefacts.MISSING


def _writer(folder: str, value: list, stop) -> None:
    import os

    os.environ["XDG_CACHE_HOME"] = folder
    while not stop.is_set():
        artefacts.write("shared-1", value)


def _reader(folder: str, rounds: int, queue, stop) -> None:
    import os

    os.environ["XDG_CACHE_HOME"] = folder
    seen: dict = {}
    done = 0
    while done < rounds:
        if not artefacts.path_of("shared-1").exists():
            continue  # not written yet
        value = artefacts.read("shared-1")  # once there, it is always a whole entry
        outcome = "damaged" if value is artefacts.MISSING else len(value)
        seen[outcome] = seen.get(outcome, 0) + 1
        done += 1
    stop.set()
    queue.put(seen)


def test_two_processes_writing_one_entry_leave_one_valid_entry(tmp_path):
    """Two writers race on one entry while a reader reads it all along: the reader only ever sees
    a whole entry, never a half-written one, and afterwards one valid entry and no temporary file
    remain."""
    folder = str(tmp_path / "xdg")
    big = list(range(100_000))
    ctx = multiprocessing.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    writers = [ctx.Process(target=_writer, args=(folder, big, stop)) for _ in range(2)]
    reader = ctx.Process(target=_reader, args=(folder, 300, queue, stop))
    for p in [*writers, reader]:
        p.start()
    seen = queue.get(timeout=300)
    for p in [*writers, reader]:
        p.join(timeout=300)
        assert p.exitcode == 0
    assert seen == {len(big): 300}, seen
    cache = tmp_path / "xdg" / "evbrief" / "model"
    assert [f.name for f in cache.iterdir()] == ["shared-1.pickle"]
    artefacts.forget_memory()
    import os

    os.environ["XDG_CACHE_HOME"] = folder
    try:
        assert artefacts.read("shared-1") == big
    finally:
        del os.environ["XDG_CACHE_HOME"]


def _draws_key() -> str:
    return scenarios._draws_key("stated_policies", scenarios.DRAWS)


def test_an_edited_table_is_a_new_entry(cache, data_copy, monkeypatch):
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    before = _draws_key()
    assert _draws_key() == before  # the same inputs, the same entry
    table = data_copy / "brand_shares.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _draws_key() != before


def test_a_table_the_model_does_not_read_is_the_same_entry(cache, data_copy, monkeypatch):
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    before = _draws_key()
    table = data_copy / "plants.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _draws_key() == before


def test_an_edited_model_file_or_scenario_file_is_a_new_entry(cache, tmp_path, monkeypatch):
    before = _draws_key()
    lib = tmp_path / "lib" / "evbrief"
    shutil.copytree(PACKAGE_DIR, lib, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(scenarios, "PACKAGE_DIR", lib)
    assert _draws_key() == before  # a copy of the same code is the same code
    forecast = lib / "analysis" / "forecast.py"
    forecast.write_text(forecast.read_text() + "\n# edited\n")
    edited = _draws_key()
    assert edited != before
    toml = tmp_path / "scenarios.toml"
    toml.write_text(scenarios.SCENARIO_FILE.read_text() + "\n# edited\n")
    monkeypatch.setattr(scenarios, "SCENARIO_FILE", toml)
    assert _draws_key() not in (before, edited)


def test_each_argument_is_its_own_entry(cache):
    keys = {
        scenarios._draws_key("stated_policies", 200),
        scenarios._draws_key("stated_policies", 100),
        scenarios._draws_key("china_accelerates", 200),
        scenarios._draws_key("stated_policies", 200, overrides={"competition.pass_through": 1.0}),
        scenarios._draws_key("stated_policies", 200, seed=1),
        scenarios._projection_key("stated_policies", None),
    }
    assert len(keys) == 6


def test_old_entries_are_removed_when_another_is_written(cache):
    import os
    import time

    artefacts.write("old-1", "old")
    artefacts.write("recent-1", "recent")
    stale = time.time() - artefacts.KEEP_SECONDS - 60
    os.utime(artefacts.path_of("old-1"), (stale, stale))
    artefacts.write("new-1", "new")
    assert sorted(f.name for f in cache.iterdir()) == ["new-1.pickle", "recent-1.pickle"]
