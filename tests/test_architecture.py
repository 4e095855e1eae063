"""The core stays free of Qt, and the GUI is imported only when the window opens."""

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "annotator"


def core_modules():
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE.parent).with_suffix("")
        if "gui" in rel.parts or rel.name == "__main__":
            continue
        yield ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)


def test_importing_the_whole_core_and_cli_loads_no_qt():
    modules = list(core_modules())
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'annotator.gui')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(modules) > 10


def test_no_core_source_mentions_pyside():
    for path in CORE.rglob("*.py"):
        if "gui" in path.relative_to(CORE).parts:
            continue
        assert "PySide6" not in path.read_text("utf-8"), path


# --- the import graph: no cycles, and each layer imports only downward ------------------------------

import ast  # noqa: E402

# GUI subpackages from the bottom up: each may import those before it, never those after.
GUI_LAYERS = ("common", "text", "safekeeping", "dialogs", "agreement", "review", "annotate", "screenshots")


def _module_name(path: Path) -> str:
    rel = path.relative_to(CORE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """Modules of ours that ``path`` imports, deferred ones included, ``TYPE_CHECKING`` blocks not."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("annotator"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                if base.startswith("annotator"):
                    for alias in node.names:
                        child = f"{base}.{alias.name}"
                        found.add(child if child in modules else base)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt | ast.excepthandler):
                    visit([child])

    visit(ast.parse(path.read_text("utf-8")).body)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in CORE.rglob("*.py")}
    return {name: _imports(path, name, set(paths)) for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_round_a_circle():
    assert _cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[1:2] == ["gui"]:
        return f"gui.{parts[2]}" if len(parts) > 2 and parts[2] in GUI_LAYERS else "gui"
    if parts[1:2] in (["cli"], ["__main__"]):
        return "cli"  # python -m annotator is the command line
    return "core"


def test_each_layer_imports_only_downward():
    """The core never imports the CLI or the GUI; the GUI never the CLI; the CLI only the GUI's way in;
    a GUI subpackage only those below it in GUI_LAYERS."""
    wrong = []
    for module, imported in import_graph().items():
        mine = _layer(module)
        for other in imported:
            theirs = _layer(other)
            if (
                (mine == "core" and theirs != "core")
                or (mine.startswith("gui") and theirs == "cli")
                or (
                    mine == "cli"
                    and theirs.startswith("gui")
                    and other not in ("annotator.gui.app", "annotator.gui.window_check")
                )
            ):
                wrong.append((module, other))
            elif mine.startswith("gui.") and theirs.startswith("gui.") and mine != theirs:
                if GUI_LAYERS.index(theirs[4:]) > GUI_LAYERS.index(mine[4:]):
                    wrong.append((module, other))
            elif mine.startswith("gui.") and theirs == "gui":
                wrong.append((module, other))  # subpackages never import app or window_check
    assert sorted(wrong) == []


def test_widgets_never_run_sql():
    """The GUI reads through Store methods and writes through operations: no SQL of its own."""
    for path in (CORE / "gui").rglob("*.py"):
        source = path.read_text("utf-8")
        for call in (".execute(", ".executemany(", ".executescript("):
            assert call not in source, f"{path}: {call}"
        assert "from ...schema" not in source and "annotator.schema" not in source, path
