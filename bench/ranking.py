"""Time the ranking of one assessment against 12 and against all published cases, in process:
``python -m bench.ranking ROUNDS`` (env as for gunicorn, on the largest database). Prints JSON of the
median seconds of each size, interleaved rounds.

What is timed is what the results page calls to rank, with the cases already read from the database (the
page's reading is in the results figures).
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main(rounds: int) -> None:
    import django

    django.setup()
    from assessments.models import Assessment
    from assessments.selectors import answers_of
    from cases.selectors import published_case_data
    from framework import similarity

    assessment = Assessment.objects.filter(status="submitted").select_related("framework").first()
    framework = assessment.framework.framework
    values, _evidence = answers_of(assessment)
    every = published_case_data(assessment.framework)
    sizes = {"12": every[:12], "all": every}

    def rank(cases):
        return similarity.rank(framework, values, cases, top=3)

    times = {k: [] for k in sizes}
    for _ in range(rounds):
        for key, cases in sizes.items():
            n, start = 0, time.perf_counter()
            while True:
                rank(cases)
                n += 1
                elapsed = time.perf_counter() - start
                if elapsed > 0.3 or n >= 200:
                    break
            times[key].append(elapsed / n)
    json.dump(
        {
            "cases": {k: len(v) for k, v in sizes.items()},
            "seconds": {k: statistics.median(v) for k, v in times.items()},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
