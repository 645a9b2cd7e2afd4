"""The loader's fuzz test (tests/test_fuzz_loader.py) with as many cases as asked, reporting what happened:
`python bench/fuzz_loader.py --cases 2000 [--seed N]`. Each case mutates the demo's agencies or employees file
(tests/mutations.py) and loads it into a store holding the demo's agencies; every outcome is checked as in the
test (loaded with every line accounted for, or rejected with errors and the database unchanged)."""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import derived  # noqa: E402
from analytics.demo import generate_demo_csvs  # noqa: E402
from analytics.loader import load_file  # noqa: E402
from tests.mutations import mutate  # noqa: E402
from tests.test_fuzz_loader import check_case  # noqa: E402


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cases", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="kinerja_fuzz_"))
    files = generate_demo_csvs(tmp / "demo", employees=200, seed=5)
    con = derived.connect(tmp / "fuzz.duckdb")
    assert load_file(con, "agencies", files["agencies"], user="fuzz").status == "loaded"
    sources = {name: files[name].read_bytes() for name in ("agencies", "employees")}
    rng = random.Random(a.seed)
    outcomes, failures, peak, slowest = Counter(), [], 0.0, (0.0, "")
    started = time.monotonic()
    for case in range(a.cases):
        dataset = rng.choice(list(sources))
        data, names = mutate(rng, sources[dataset])
        t0 = time.monotonic()
        try:
            status, mb = check_case(con, dataset, data, tmp / "case.csv")
        except AssertionError as exc:
            failures.append((case, dataset, names, str(exc)[:300]))
            continue
        took = time.monotonic() - t0
        slowest = max(slowest, (took, "+".join(names)))
        outcomes[status] += 1
        peak = max(peak, mb)
    print(f"{a.cases} cases in {time.monotonic() - started:.1f} s: {dict(outcomes)}; peak Python memory of one "
          f"load {peak:.0f} MB; slowest {slowest[0]:.2f} s ({slowest[1]}); failures {len(failures)}")
    for f in failures[:20]:
        print("FAILED", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
