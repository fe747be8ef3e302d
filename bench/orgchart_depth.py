"""How `accountmap import orgchart` grows with the depth of a reporting chain (#29): one
chain of N posts, each reporting to the one before, at N = 1k, 2k, 4k, 8k, 16k (and 20k).
Prints seconds and the growth per doubling side by side in one run; never a test.

    python bench/orgchart_depth.py
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["Post Unique Reference", "Reports to Senior Post", "Name", "Job Title", "Unit",
          "Organisation"]


def chain(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            w.writerow([f"P{i}", "XX" if i == 0 else f"P{i - 1}", f"Person {i}", "Officer",
                        f"Unit {i % 7}", "Org"])


def seconds(path: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "accountmap", "import", "orgchart", str(path),
                    "--id", HEADER[0], "--manager", HEADER[1], "--name", "Name", "--title",
                    "Job Title", "--unit", "Unit", "--organisation", "Organisation",
                    "--group-name", "G", "-o", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        last, last_n = 0.0, 0
        print(f"{'depth':>7}  {'seconds':>8}  {'x per doubling':>14}")
        for n in (1000, 2000, 4000, 8000, 16000, 20000):
            path = Path(tmp) / f"chain-{n}.csv"
            chain(path, n)
            took = seconds(path, Path(tmp) / f"book-{n}.json")
            growth = f"{took / last:.2f}" if last and n == 2 * last_n else "-"
            print(f"{n:>7}  {took:>8.2f}  {growth:>14}")
            last, last_n = took, n


if __name__ == "__main__":
    main()
