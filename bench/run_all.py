"""`make bench`: run every benchmark under bench/ in turn and print their figures."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("kb_bench.py", "classify_bench.py", "ingest_bench.py", "broadcast_bench.py")


def main() -> int:
    """Run each benchmark as its own process (so peak memory is per benchmark)."""
    failed = []
    for name in BENCHES:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing, skipped")
            continue
        print(f"== {name}", flush=True)
        began = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent)
        print(
            f"== {name}: exit {result.returncode} in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
