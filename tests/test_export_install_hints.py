"""Install hints name this interpreter and our extras' own requirements, never the bare name ``annotator``.

A public package named ``annotator`` exists on the package index: a hint such
as ``pip install 'annotator[spacy]'`` would install it, not this project.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from annotator.extras import install_hint

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("html", "spacy", "hf")


def _pyproject_extra(extra: str) -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"][extra]


@pytest.mark.parametrize("extra", EXTRAS)
def test_a_hint_runs_this_interpreter_and_names_the_extras_own_requirements(extra):
    argv = shlex.split(install_hint(extra))
    assert argv[:4] == [sys.executable, "-m", "pip", "install"]
    assert argv[4:] == _pyproject_extra(extra)
    assert all(Requirement(r).name.lower() != "annotator" for r in argv[4:])


def test_the_test_extra_expands_our_own_extras_instead_of_naming_annotator():
    requirements = shlex.split(install_hint("test"))[4:]
    assert all(Requirement(r).name.lower() != "annotator" for r in requirements)
    assert set(_pyproject_extra("spacy")) <= set(requirements)


def test_the_hinted_command_is_one_pip_accepts_here_without_the_index():
    """Run for real (dry run, no index): every requirement resolves to what this environment holds."""
    argv = shlex.split(install_hint("spacy")) + shlex.split(install_hint("hf"))[4:]
    proc = subprocess.run(
        [*argv[:4], "--dry-run", "--no-index", "--no-deps", "-q", *argv[4:]], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def _shadow(tmp_path: Path, module: str) -> dict[str, str]:
    """An environment in which ``import module`` fails, as on a machine without the extra."""
    shadow = tmp_path / "shadow" / module
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(f"raise ImportError({f'No module named {module}'!r})\n", "utf-8")
    paths = [str(tmp_path / "shadow"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _cli(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(("fmt", "module", "extra"), [("spacy", "spacy", "spacy"), ("hf", "datasets", "hf")])
def test_an_export_without_its_extra_prints_the_hint_through_the_cli(tmp_path, fmt, module, extra):
    env = _shadow(tmp_path, module)
    db = tmp_path / "a.db"
    (tmp_path / "a.txt").write_text("Putin denied the report.", "utf-8")
    assert _cli(env, "--db", db, "import", tmp_path / "a.txt", "-q").returncode == 0
    proc = _cli(env, "--db", db, "export", "--format", fmt, "--out", tmp_path / "out", "--all-annotators", "-q")
    assert proc.returncode == 1
    assert install_hint(extra) in proc.stderr and "annotator[" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_an_html_import_without_trafilatura_prints_the_hint_through_the_cli(tmp_path):
    env = _shadow(tmp_path, "trafilatura")
    (tmp_path / "page.html").write_text("<html><body><p>Putin denied the report.</p></body></html>", "utf-8")
    proc = _cli(env, "--db", tmp_path / "a.db", "import", tmp_path / "page.html", "-q")
    assert proc.returncode == 1
    assert install_hint("html") in proc.stderr + proc.stdout
    assert "annotator[" not in proc.stderr + proc.stdout


def test_an_installed_copy_reads_the_extras_from_its_own_metadata(tmp_path):
    """A wheel's layout: no pyproject.toml beside the package, our dist-info beside it."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "annotator", site / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    info = site / "annotator-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(metadata.distribution("annotator").read_text("METADATA") or "", "utf-8")
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(site)!r})
        from annotator.extras import install_hint
        print(install_hint("spacy"))
    """)
    proc = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert proc.returncode == 0, proc.stderr
    argv = shlex.split(proc.stdout.strip())
    assert argv[:4] == [sys.executable, "-m", "pip", "install"]
    assert [str(Requirement(r)) for r in argv[4:]] == [str(Requirement(r)) for r in _pyproject_extra("spacy")]
