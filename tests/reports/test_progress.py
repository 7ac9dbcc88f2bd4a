"""Progress between two assessments: pure comparisons, no database."""

import copy

from framework import definition as fw
from framework.answers import DONT_KNOW
from reports.progress import Side, compare

V1 = fw.load("helmsing-2001-v1")


def side(answers, framework=V1, scores=None, overall=None, case=""):
    return Side(
        title="t", framework=framework, answers=answers, dimension_scores=scores or {}, overall=overall,
        closest_case=case,
    )  # fmt: skip


def a_choice_question(framework=V1):
    return next(i for i in framework.indicators.values() if i.type in ("choice", "level"))


def test_each_kind_of_change_is_named():
    q = [i for i in V1.indicators.values() if i.type in ("choice", "level", "yesno")][:4]
    first, last = q[0].option_codes[0], q[0].option_codes[-1]
    before = {
        q[0].code: first,
        q[1].code: DONT_KNOW,
        q[2].code: q[2].option_codes[0],
        q[3].code: q[3].option_codes[0],
    }
    after = {q[0].code: last, q[1].code: q[1].option_codes[0], q[3].code: q[3].option_codes[0]}
    kinds = {c.code: c.kind for c in compare(side(before), side(after)).questions}
    assert kinds[q[0].code] == "changed"
    assert kinds[q[1].code] == "added"  # from "don't know" to an answer
    assert kinds[q[2].code] == "lost"  # from an answer to unanswered
    assert kinds[q[3].code] == "same"


def test_a_multi_answer_in_another_order_is_the_same():
    multi = next(i for i in V1.indicators.values() if i.type == "multi")
    codes = list(multi.option_codes[:2])
    progress = compare(side({multi.code: codes}), side({multi.code: codes[::-1]}))
    assert next(c for c in progress.questions if c.code == multi.code).kind == "same"


def test_scores_are_compared_within_one_version():
    dim = V1.dimensions[1].code
    progress = compare(side({}, scores={dim: 40.0}, overall=50.0), side({}, scores={dim: 55.0}, overall=58.5))
    assert progress.same_version
    assert next(d for d in progress.dimensions if d.code == dim).delta == 15.0
    assert progress.overall_delta == 8.5


def test_across_versions_scores_are_not_compared_and_differently_asked_questions_are_named():
    data = copy.deepcopy(V1.definition)
    data["slug"], data["version"] = "helmsing-2001-test", "test"
    changed = a_choice_question()
    dropped = [i for i in V1.indicators.values() if i.code != changed.code][-1]
    for d in data["dimensions"]:
        d["indicators"] = [i for i in d["indicators"] if i["code"] != dropped.code]
        for i in d["indicators"]:
            if i["code"] == changed.code:
                i["options"] = [{"code": "other", "label": "Other"}]
    newer = fw.Framework.from_definition(data)
    progress = compare(side({}, overall=50.0), side({}, framework=newer, overall=70.0))
    assert not progress.same_version
    assert progress.dimensions == () and progress.overall_delta is None
    assert changed.text() in progress.not_comparable and dropped.text() in progress.not_comparable
    assert changed.code not in {q.code for q in progress.questions}
    assert len(progress.questions) == len(V1.indicators) - 2


def test_the_closest_case_then_and_now_is_kept():
    progress = compare(side({}, case="Rafaela"), side({}, case="Córdoba"))
    assert (progress.closest_before, progress.closest_after) == ("Rafaela", "Córdoba")
