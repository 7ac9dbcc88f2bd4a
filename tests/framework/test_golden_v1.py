"""The twelve cases score and match exactly as before the layout change (issue 8).

``tests/data/golden_v1_twelve.json`` was written by the code before the apps were split: each case's answers
and notes as they were coded under framework v1, its score summary (``ScoreResult.as_dict``), its top three
among all twelve and among the other eleven (with the shared / learn-from / beyond points). Scoring and
matching are recomputed here from the stored inputs, so later corrections of the case data do not touch it.
"""

import json
from pathlib import Path

import pytest

from framework import definition as fw
from framework import scoring, similarity
from framework.similarity import CaseData

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "data" / "golden_v1_twelve.json").read_text())
FRAMEWORK = fw.load(GOLDEN["framework"])
CASES = [
    CaseData(slug=c["slug"], name=c["name"], country=c["country"], answers=c["answers"], notes=c["notes"])
    for c in GOLDEN["cases"]
]


def _matches(answers, cases):
    return [
        [m.slug, None if m.similarity is None else round(m.similarity, 6), m.compared]
        for m in similarity.rank(FRAMEWORK, answers, cases, top=3)
    ]


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["slug"] for c in GOLDEN["cases"]])
def test_scores_and_matches_are_unchanged(case):
    answers = case["answers"]
    assert json.loads(json.dumps(scoring.score(FRAMEWORK, answers).as_dict())) == case["score"]
    assert _matches(answers, CASES) == case["top3"]
    others = [c for c in CASES if c.slug != case["slug"]]
    points = [
        [m.slug, None if m.similarity is None else round(m.similarity, 6), m.compared,
         [p.code for p in m.shared], [p.code for p in m.learn_from], [p.code for p in m.beyond]]
        for m in similarity.rank(FRAMEWORK, answers, others, top=3)
    ]  # fmt: skip
    assert points == case["top3_others"]


def test_every_case_is_its_own_best_match():
    assert [c["top3"][0][0] for c in GOLDEN["cases"]] == [c["slug"] for c in GOLDEN["cases"]]
