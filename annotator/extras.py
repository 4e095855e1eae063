"""The optional extras (``html``, ``spacy``, ``hf``) and the one command that installs each.

A public package that is not this project is also named ``annotator`` on the
package index, so ``pip install 'annotator[spacy]'`` run by any pip but our
environment's installs someone else's code. A hint therefore names the
interpreter that runs now (``sys.executable -m pip``) and the extra's own
requirement strings, read from this project's ``pyproject.toml`` (a source
checkout) or from this project's installed metadata, never the bare name.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

__all__ = ["install_hint", "requirements"]

PROJECT = "annotator"
_PACKAGE = Path(__file__).resolve().parent
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_SELF = re.compile(rf"^{PROJECT}\s*\[([^\]]*)\]\s*$", re.IGNORECASE)


def install_hint(extra: str, fallback: Iterable[str] = ()) -> str:
    """The shell command that installs ``extra`` into the environment running now.

    ``fallback``: package names to name if neither our pyproject nor our metadata can be read.
    """
    wanted = requirements(extra) or list(fallback)
    python = sys.executable or "python3"
    return " ".join(shlex.quote(part) for part in (python, "-m", "pip", "install", *wanted))


def requirements(extra: str) -> list[str]:
    """The requirement strings of ``extra`` (our own extras it names expanded), or [] if unknown."""
    table = _pyproject_extras() or _metadata_extras()
    return _expand(table, extra, set())


def _expand(table: dict[str, list[str]], extra: str, seen: set[str]) -> list[str]:
    seen.add(extra)
    found: list[str] = []
    for requirement in table.get(extra, []):
        own = _SELF.match(requirement)
        if own is None:
            found.append(requirement)
            continue
        for inner in (name.strip() for name in own.group(1).split(",")):
            if inner and inner not in seen:
                found += _expand(table, inner, seen)
    return list(dict.fromkeys(found))


def _pyproject_extras() -> dict[str, list[str]]:
    """Extras from ``pyproject.toml`` beside this package, when running from a source checkout."""
    path = _PACKAGE.parent / "pyproject.toml"
    try:
        import tomllib  # Python 3.11+; 3.10 reads the installed metadata instead
    except ImportError:
        return {}
    try:
        project = tomllib.loads(path.read_text("utf-8")).get("project", {})
    except (OSError, ValueError):
        return {}
    if project.get("name") != PROJECT:
        return {}
    extras = project.get("optional-dependencies", {})
    return {str(k): [str(r) for r in v] for k, v in extras.items() if isinstance(v, list)}


def _metadata_extras() -> dict[str, list[str]]:
    """Extras from the installed distribution named ``annotator``, if it is this code."""
    try:
        dist = metadata.distribution(PROJECT)
    except metadata.PackageNotFoundError:
        return {}
    if not _is_ours(dist):
        return {}
    table: dict[str, list[str]] = {}
    for entry in dist.requires or []:
        requirement, _, marker = entry.partition(";")
        named = _EXTRA_MARKER.search(marker)
        if named:
            table.setdefault(named.group(1), []).append(requirement.strip())
    return table


def _is_ours(dist: metadata.Distribution) -> bool:
    """Whether ``dist`` installed the package this module belongs to (a wheel, or an editable checkout)."""
    installed = Path(str(dist.locate_file(f"{PROJECT}/{Path(__file__).name}")))
    try:
        if installed.exists() and installed.samefile(__file__):
            return True
    except OSError:
        pass
    try:
        url = json.loads(dist.read_text("direct_url.json") or "{}").get("url", "")
    except ValueError:
        return False
    return url.startswith("file://") and Path(url[len("file://") :]) == _PACKAGE.parent
