"""The layout of the project (README, "Code tour"): apps that depend on each other one way only, pure domain
modules that never touch the database, and no file-name prefixes standing in for an app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Bottom first: an app may import only the apps before it. ``ledcheck`` (the project: settings, URLs,
# operations commands) sits on top and may import any of them.
LAYERS = [
    "core", "accounts", "framework", "questionnaire", "cases", "assessments", "workshops", "plans", "reports",
    "ledcheck",
]  # fmt: skip
# Domain logic: plain functions over plain data; no ORM, no request, no other app.
PURE = [
    "framework/answers.py",
    "framework/definition.py",
    "framework/scoring.py",
    "framework/similarity.py",
    "workshops/consensus.py",
    "assessments/portable.py",
    "assessments/radar.py",
    "questionnaire/navigation.py",
    "reports/progress.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def app_imports(root: Path = ROOT) -> dict[str, set[str]]:
    """``{app: the other apps its modules import}``, migrations included."""
    graph = {}
    for app in LAYERS:
        used = set()
        for path in (root / app).rglob("*.py"):
            used |= {name.split(".")[0] for name in imported_modules(path)}
        graph[app] = (used & set(LAYERS)) - {app}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as a path that ends where it starts), or ``None``."""
    done = set()

    def visit(app, path):
        if app in path:
            return [*path[path.index(app) :], app]
        if app in done:
            return None
        for other in sorted(graph.get(app, ())):
            found = visit(other, [*path, app])
            if found:
                return found
        done.add(app)
        return None

    return next((found for app in sorted(graph) if (found := visit(app, []))), None)


def test_every_app_of_the_project_is_in_a_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    below = set(LAYERS[: LAYERS.index(app)])
    assert app_imports()[app] <= below, f"{app} imports {sorted(app_imports()[app] - below)}"


def test_the_import_graph_has_no_cycle():
    assert cycle(app_imports()) is None


def test_the_checks_find_a_planted_cycle(tmp_path):
    """The checks above are not vacuous: a framework module importing workshops is seen, and makes a cycle."""
    for app in LAYERS:
        (tmp_path / app).mkdir()
    (tmp_path / "framework" / "x.py").write_text("from workshops import models\n")
    (tmp_path / "workshops" / "y.py").write_text("import framework.answers\n")
    graph = app_imports(tmp_path)
    assert graph["framework"] == {"workshops"} and graph["workshops"] == {"framework"}
    assert cycle(graph) == ["framework", "workshops", "framework"]


@pytest.mark.parametrize("module", PURE)
def test_domain_modules_are_pure(module):
    names = imported_modules(ROOT / module)
    django = {n for n in names if n.startswith("django") and n != "django.utils.translation"}
    project = {n for n in names if n.split(".")[0] in LAYERS and n.split(".")[0] != "framework"}
    assert not django, f"{module} imports {sorted(django)}"
    assert not project or module.startswith("framework/"), f"{module} imports {sorted(project)}"
    assert not any(n.endswith(".models") for n in names), f"{module} imports models"


def test_no_module_name_prefix_stands_in_for_an_app():
    """A module named after another app (``workshop_views.py`` inside assessments) is an app in hiding."""
    stems = {app.rstrip("s") for app in LAYERS} | set(LAYERS)
    offenders = [
        str(path.relative_to(ROOT))
        for app in LAYERS
        for path in (ROOT / app).glob("*.py")
        if any(path.stem.startswith(f"{stem}_") for stem in stems - {app, app.rstrip("s")})
    ]
    assert not offenders
