"""Time the ranking of one assessment against 12 and against all published cases, in process:
``python -m bench.ranking ROUNDS`` (env as for gunicorn, on the largest database). Prints JSON of the
median seconds of each size, interleaved rounds.

What is timed is what the results page calls to rank: ``rank_library`` over the library encoded once per
library state (``cases.selectors.published_library``, warm here as in a worker), which reads the three
matches shown from the database.
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
    from cases.selectors import case_data_for, published_library
    from framework import similarity

    assessment = Assessment.objects.filter(status="submitted").select_related("framework").first()
    version = assessment.framework
    framework = version.framework
    values, _evidence = answers_of(assessment)
    every = published_library(version)
    # The twelve of the paper (the first cases made) as a library of their own, under their database ids.
    first = case_data_for(every.keys[:12], named_only=framework.is_v2)
    ids = dict(zip(every.slugs, every.keys, strict=True))
    twelve = similarity.encode_library(
        framework, ((ids[c.slug], c.slug, c.name, c.answers, c.multi_named_only) for c in first)
    )
    sizes = {"12": twelve, "all": every}

    def load(ids):
        return case_data_for(ids, named_only=framework.is_v2)

    def rank(library):
        # What the results page calls: the library encoded beforehand (cached per library state), then the
        # vectorised ranking and the three matches read in full.
        return similarity.rank_library(framework, values, library, load, top=3)

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
