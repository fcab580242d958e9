"""Parse time of the CTF reader against a bare lxml iterparse, and peak memory.

Run: ``python benchmarks/ctf_parse.py`` (sizes can be given: ``... 2000 20000``).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ctf_gen import generate
from examsoffice.formats.ctf import open_ctf


def bare_iterparse(path: Path) -> int:
    """The floor: stream every Pupil and free it, doing nothing else."""
    count = 0
    for _event, element in etree.iterparse(str(path), tag="Pupil"):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return count


def our_reader(path: Path) -> int:
    count = 0
    with open_ctf(path) as stream:
        for _pupil in stream:
            count += 1
    return count


def timed(function: Callable[[Path], int], path: Path) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = function(path)
        best = min(best, time.perf_counter() - start)
    return best, count


def peak_memory(function: Callable[[Path], int], path: Path) -> float:
    tracemalloc.start()
    function(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_000_000


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as work:
        print("pupils  size_MB  bare_s  ours_s  ratio  peak_MB_bare  peak_MB_ours")
        for size in sizes:
            path = generate(Path(work), size)
            bare, bare_count = timed(bare_iterparse, path)
            ours, our_count = timed(our_reader, path)
            assert bare_count == our_count == size
            megabytes = path.stat().st_size / 1_000_000
            print(
                f"{size:6d}  {megabytes:7.1f}  {bare:6.2f}  {ours:6.2f}  "
                f"{ours / bare:5.2f}  {peak_memory(bare_iterparse, path):12.2f}  "
                f"{peak_memory(our_reader, path):12.2f}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 20000])
