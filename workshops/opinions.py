"""Opinion groups: participants who answered alike, found from the answers alone (in the spirit of pol.is).
Pure: numpy only, no database.

1. Each participant becomes a row of 0/1 features: one per option of every question ("tick all that
   apply": one per option ticked). A question not answered, or answered "don't know", takes the average of
   those who answered, so it pulls nobody towards a group.
2. The rows are centred and projected on their two main directions (principal components, by SVD): the
   map the page draws.
3. k-means (k = 2..4, several seeded starts, so the result is the same every time) splits the projected
   participants; a split counts only when every group has at least ``min_size`` people and the groups are
   clearly apart: a mean silhouette, measured on the full features, of at least ``MIN_SILHOUETTE``.
   Uniform answers (everyone alike, or answers at random) give no groups.
4. For each group: what sets it apart (the answers far more common inside it than outside) and the roles
   its members declared; and the **common ground**: questions where every group's most common answer is
   the same, given by most of each group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from framework.answers import DONT_KNOW
from framework.definition import Framework

MIN_SILHOUETTE = 0.2
MIN_ANSWERS = 3  # participants with fewer answered questions are left out of the map
DISTINCT_SHARE, DISTINCT_GAP = 0.6, 0.3
COMMON_SHARE = 0.6


@dataclass(frozen=True)
class Distinct:
    code: str
    value: object  # the answer (answer format) typical of the group
    share_in: float
    share_out: float


@dataclass(frozen=True)
class Group:
    number: int
    members: tuple  # participant ids
    roles: dict  # {role: count}
    distinct: tuple[Distinct, ...]


@dataclass(frozen=True)
class Common:
    code: str
    value: object
    share: float  # the smallest share of any group giving it


@dataclass(frozen=True)
class Opinions:
    groups: tuple[Group, ...] = ()
    common_ground: tuple[Common, ...] = ()
    points: dict = field(default_factory=dict)  # {participant: (x, y)} of the map
    silhouette: float | None = None
    mapped: int = 0  # participants with enough answers to be placed


def features(framework: Framework, responses) -> tuple[np.ndarray, list]:
    """The 0/1 matrix of the module docstring (missing cells imputed with the column mean) and the
    responses kept (those with at least ``MIN_ANSWERS`` answers other than "don't know")."""
    kept = [
        r
        for r in responses
        if sum(v is not None and v != DONT_KNOW for v in r.answers.values()) >= MIN_ANSWERS
    ]
    columns = [(i.code, o) for i in framework.indicators.values() for o in i.option_codes]
    matrix = np.full((len(kept), len(columns)), np.nan)
    for row, response in enumerate(kept):
        for col, (code, option) in enumerate(columns):
            value = response.answers.get(code)
            if value is None or value == DONT_KNOW:
                continue
            matrix[row, col] = float(option in value) if isinstance(value, list) else float(value == option)
    if kept:
        means = np.nanmean(np.where(np.isnan(matrix).all(axis=0), 0.0, matrix), axis=0)
        means = np.nan_to_num(means)
        matrix = np.where(np.isnan(matrix), means, matrix)
    return matrix, kept


def project(matrix: np.ndarray, dims: int = 2) -> np.ndarray:
    """The rows on their ``dims`` principal components (zeros where there is no variation)."""
    centred = matrix - matrix.mean(axis=0)
    if not centred.any():
        return np.zeros((matrix.shape[0], dims))
    u, s, _vt = np.linalg.svd(centred, full_matrices=False)
    coords = u[:, :dims] * s[:dims]
    if coords.shape[1] < dims:
        coords = np.pad(coords, ((0, 0), (0, dims - coords.shape[1])))
    return coords


def kmeans(points: np.ndarray, k: int, *, seed: int = 0, starts: int = 8, steps: int = 100) -> np.ndarray:
    """Labels of the best of ``starts`` seeded k-means++ runs (least within-group squared distance)."""
    rng = np.random.default_rng(seed)
    best, best_cost = None, np.inf
    n = len(points)
    for _start in range(starts):
        centres = [points[rng.integers(n)]]
        for _c in range(1, k):
            d2 = np.min([((points - c) ** 2).sum(axis=1) for c in centres], axis=0)
            total = d2.sum()
            centres.append(points[rng.choice(n, p=d2 / total)] if total > 0 else points[rng.integers(n)])
        centres = np.array(centres)
        labels = np.zeros(n, dtype=int)
        for _step in range(steps):
            distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            new = distances.argmin(axis=1)
            moved = _step == 0 or (new != labels).any()
            labels = new
            for c in range(k):
                if (labels == c).any():
                    centres[c] = points[labels == c].mean(axis=0)
            if not moved:
                break
        cost = ((points - centres[labels]) ** 2).sum()
        if cost < best_cost:
            best, best_cost = labels.copy(), cost
    return best


def silhouette(matrix: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette of ``labels`` over the rows of ``matrix`` (Euclidean)."""
    distances = np.sqrt(((matrix[:, None, :] - matrix[None, :, :]) ** 2).sum(axis=2))
    groups = np.unique(labels)
    scores = []
    for i in range(len(matrix)):
        own = labels == labels[i]
        if own.sum() <= 1:
            scores.append(0.0)
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == g].mean() for g in groups if g != labels[i])
        scores.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(scores))


def _modal(framework: Framework, responses, code):
    values = [r.answers.get(code) for r in responses]
    values = [v for v in values if v is not None and v != DONT_KNOW]
    if not values:
        return None, 0.0
    keyed = Counter(tuple(v) if isinstance(v, list) else v for v in values)
    value, count = max(keyed.items(), key=lambda item: (item[1], str(item[0])))
    return (list(value) if isinstance(value, tuple) else value), count / len(responses)


def _share(responses, code, value) -> float:
    if not responses:
        return 0.0
    return sum(r.answers.get(code) == value for r in responses) / len(responses)


def opinion_groups(
    framework: Framework, responses, *, min_size: int = 3, max_groups: int = 4, seed: int = 0
) -> Opinions:
    """The opinion groups of ``responses`` (``consensus.Response``), as the module docstring describes."""
    matrix, kept = features(framework, responses)
    if len(kept) < 2 * min_size:
        return Opinions(mapped=len(kept))
    coords = project(matrix)
    points = {r.participant: (float(x), float(y)) for r, (x, y) in zip(kept, coords, strict=True)}
    best = None
    if matrix.std(axis=0).sum() > 0:
        for k in range(2, max_groups + 1):
            if len(kept) < k * min_size:
                break
            labels = kmeans(coords, k, seed=seed)
            if np.bincount(labels, minlength=k).min() < min_size:
                continue
            score = silhouette(matrix, labels)
            if best is None or score > best[0]:
                best = (score, labels)
    if best is None or best[0] < MIN_SILHOUETTE:
        return Opinions(points=points, silhouette=None if best is None else best[0], mapped=len(kept))
    score, labels = best
    order = sorted(set(labels), key=lambda g: (-(labels == g).sum(), g))
    members = {g: [r for r, lab in zip(kept, labels, strict=True) if lab == g] for g in order}
    codes = list(framework.indicators)
    groups = []
    for number, g in enumerate(order, start=1):
        inside = members[g]
        outside = [r for h in order if h != g for r in members[h]]
        distinct = []
        for code in codes:
            value, share_in = _modal(framework, inside, code)
            if value is None:
                continue
            share_out = _share(outside, code, value)
            if share_in >= DISTINCT_SHARE and share_in - share_out >= DISTINCT_GAP:
                distinct.append(Distinct(code, value, round(share_in, 3), round(share_out, 3)))
        distinct.sort(key=lambda d: -(d.share_in - d.share_out))
        roles = dict(Counter(r.role for r in inside))
        groups.append(Group(number, tuple(r.participant for r in inside), roles, tuple(distinct[:5])))
    common = []
    for code in codes:
        modals = [_modal(framework, members[g], code) for g in order]
        values = {str(v) for v, _s in modals}
        if None not in [v for v, _s in modals] and len(values) == 1:
            smallest = min(s for _v, s in modals)
            if smallest >= COMMON_SHARE:
                common.append(Common(code, modals[0][0], round(smallest, 3)))
    common.sort(key=lambda c: -c.share)
    return Opinions(tuple(groups), tuple(common), points, round(score, 3), len(kept))
