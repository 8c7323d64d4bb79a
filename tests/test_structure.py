"""The shape of the code: layers import downwards only, no import cycle, no module that holds several jobs.

These read the source with `ast`, so they run without Django doing anything.
"""

import ast
from pathlib import Path

import requests_app

APP = Path(requests_app.__file__).parent
SERVICES = APP / "services"

#: Long by nature, not by holding several jobs: seed data, generated migrations.
DATA_MODULES = {"lender_profiles.py"}
MAX_MODULE_LINES = 420


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in APP.rglob("*.py")
        if "migrations" not in path.relative_to(APP).parts
    }


def resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The requests_app modules an import statement in `module` names (a `from x import y` may name the
    submodule x.y)."""
    if node.level:
        package = module.split(".")
        is_package = app_modules()[module].name == "__init__.py"
        base = package[: len(package) - node.level + (1 if is_package else 0)]
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    else:
        target = node.module or ""
    if not target.startswith("requests_app"):
        return []
    return [target, *(f"{target}.{alias.name}" for alias in node.names)]


def imports_of(module: str, path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            found.update(resolve(module, node))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("requests_app"))
    known = app_modules()
    return {name for name in found if name in known and name != module}


def import_graph(*, top_level_only: bool) -> dict[str, set[str]]:
    return {
        module: imports_of(module, path, top_level_only=top_level_only)
        for module, path in app_modules().items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle between two or more modules (a package importing its own submodules through
    `__init__` re-exports is not a cycle: the submodules never import the package's `__init__`)."""
    found, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle_between_the_apps_modules():
    graph = import_graph(top_level_only=False)
    # a package's __init__ re-exports its submodules; a submodule importing a sibling goes through the
    # package name in `resolve`, so drop the edge submodule -> its own package
    for module, targets in graph.items():
        targets.discard(module.rpartition(".")[0])
    assert cycles(graph) == []


def test_no_service_imports_another_inside_a_function():
    """Cycles are broken by moving the shared piece down a floor, not by importing inside a function."""
    for path in SERVICES.rglob("*.py"):
        tree = ast.parse(path.read_text())
        top = set(map(id, tree.body))
        late = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        ]
        assert late == [], (str(path.relative_to(APP)), late)


def test_no_service_imports_the_apps_views_forms_or_admin():
    for module, targets in import_graph(top_level_only=False).items():
        if module.startswith("requests_app.services"):
            for target in targets:
                parts = target.split(".")
                assert not {"views", "forms", "admin"} & set(parts), (module, target)


def test_the_browser_adds_no_money_up():
    """Money is computed by the services only: the page script posts what is typed and shows the partial
    the server answers (services.step_preview). No amount parsing, no cents, no capacity in static/js."""
    scripts = (APP.parent / "static" / "js").rglob("*.js")
    for path in scripts:
        text = path.read_text()
        for sign in ("parseCents", "BigInt", "cents", "capacity", "¥", "toFixed", "parseFloat", "amountDue"):
            assert sign not in text, (path.name, sign)


def test_no_module_holds_several_jobs():
    """A module past ~400 lines holds two jobs and is split, except seed data."""
    too_long = {
        str(path.relative_to(APP)): length
        for path in app_modules().values()
        if path.name not in DATA_MODULES and (length := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}
