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
