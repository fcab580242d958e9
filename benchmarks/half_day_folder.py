"""Time the half-day folder for a synthetic summer sitting: 300 candidates, 6 rooms.

Run: .venv/bin/python benchmarks/half_day_folder.py [candidates] [out.pdf]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from pypdf import PdfReader

from examsoffice.documents._layout import Context
from examsoffice.documents.bundle import folder_parts, merge
from examsoffice.documents.pack import make_pack
from examsoffice.scheduling.seating import SeatingOptions, auto_seat, who_sits
from examsoffice.scheduling.synthetic import summer_sitting


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    t0 = time.perf_counter()
    data = summer_sitting(size)
    papers = who_sits(data.sitting, data.entries, data.components)
    t1 = time.perf_counter()
    plan = auto_seat(
        data.sitting,
        data.candidates,
        papers,
        data.components,
        data.rooms,
        SeatingOptions(gap_columns=1),
    )
    t2 = time.perf_counter()
    staff = [f"Invigilator {i}" for i in range(1, 20)]
    allocations = {r.code: staff[i * 2 : i * 2 + 2] for i, r in enumerate(data.rooms)}
    pack = make_pack(
        Context("12345", "Synthetic Academy", "Summer 2026"),
        plan,
        data.candidates,
        data.components,
        allocations=allocations,
        lead=staff[0],
    )
    t3 = time.perf_counter()
    parts = []
    for title, make in folder_parts(pack):
        start = time.perf_counter()
        pdf = make()
        parts.append((title, pdf))
        print(
            f"  {title:<40} {len(PdfReader(io.BytesIO(pdf)).pages):>4} "
            f"pages {time.perf_counter() - start:6.2f} s"
        )
    t4 = time.perf_counter()
    folder = merge(parts)
    t5 = time.perf_counter()
    pages = len(PdfReader(io.BytesIO(folder)).pages)
    print(
        f"candidates {len(papers)}, rooms used "
        f"{sum(1 for r in data.rooms if plan.count(r.code))}"
    )
    print(f"cohort {t1 - t0:.2f} s, auto-seat {t2 - t1:.3f} s, pack {t3 - t2:.2f} s")
    print(f"documents {t4 - t3:.2f} s, merge {t5 - t4:.2f} s")
    print(
        f"half-day folder: {pages} pages, "
        f"{len(folder) / 1024:.0f} KiB, total {t5 - t0:.2f} s"
    )
    if out is not None:
        out.write_bytes(folder)


if __name__ == "__main__":
    main()
