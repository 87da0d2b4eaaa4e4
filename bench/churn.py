"""Churn-analysis benchmark at 100,000 customers / 5,000,000 order lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/churn.py
    (seed first with bench/consumption_reports.py or bench/foundation.py; --seed seeds here)

Runs the nightly job (lifecycle rules, then every current and loyal customer scored) twice in a
fresh process each — the first run moves customers, the rerun finds nothing more to move — and
prints wall time and the process's peak resident memory. Targets: ≤ 60 s, ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

RUN = """
import json, os, resource, time
import django
django.setup()
from analytics.churn import churn_analyse
from care.models import ChurnScore
started = time.perf_counter()
outcome = churn_analyse()
wall = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "peak_mb": peak_mb, "outcome": outcome,
                  "at_risk": ChurnScore.objects.filter(at_risk=True).count()}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench")
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="crm.settings", DEBUG="1")
    env.pop("REDIS_URL", None)
    if options.seed:
        from foundation import recreate_database, seed

        recreate_database(url)
        # the nightly job is left for the first run below to do its real first-night work
        took = seed(url, 100_000, 5_000_000, "--without-nightly-jobs")
        print(f"seed_demo: {took:.1f} s", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    for label in ("first run", "rerun"):
        answer = subprocess.run(
            [sys.executable, "-c", RUN],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        figures = json.loads(answer.stdout.strip().splitlines()[-1])
        print(
            f"{label:<10} wall {figures['wall']:6.1f} s   peak RSS {figures['peak_mb']:6.0f} MB   "
            f"{figures['outcome']}   at risk now {figures['at_risk']:,}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
