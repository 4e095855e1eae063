"""Whether the window can open on this machine, asked before Qt is loaded.

Qt's own answer is an abort (a core dump) with a message that can mislead: on
a minimal Debian it names ``libxcb-cursor0`` even when the libraries actually
missing are ``libxcb-icccm4`` and ``libxcb-keysyms1``. So before the window
starts, :func:`window_problem` looks for itself: a display to draw on
(``DISPLAY`` or ``WAYLAND_DISPLAY``, and an X server that answers), and the
system libraries Qt's X11 platform plugin needs (the plugin's own dependencies
as the dynamic loader resolves them, read with ``ldd``). It returns one line
that says what is missing, the ``apt-get`` line that installs it, and that the
command line needs no display. This module imports no Qt, so it works exactly
where Qt would fail.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["DEBIAN_PACKAGES", "fonts_warning", "import_problem", "missing_libraries", "window_problem"]

# Shared objects Qt's xcb platform needs (directly or through Qt's own libraries) -> Debian/Ubuntu package.
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libexpat.so.1": "libexpat1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libpcre2-8.so.0": "libpcre2-8-0",
}
_FONTS = "fonts-dejavu-core"
_CLI = "The command line works without a display: annotator --help"


def window_problem(env: dict[str, str] | None = None) -> str | None:
    """One line saying why the window cannot open here, or ``None`` when it can (or we cannot tell)."""
    env = dict(os.environ) if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if not sys.platform.startswith("linux") or platform not in ("", "xcb"):
        return None  # offscreen, wayland, vnc...: chosen on purpose, Qt's own messages apply
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if wayland and not display and not platform:
        return None  # a Wayland session: Qt picks its wayland platform
    problems: list[str] = []
    if not display:
        problems.append("there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)")
    missing = missing_libraries()
    if display and "libxcb.so.1" not in missing and not _x_answers(display):
        problems.append(f"the X display {display!r} does not answer")
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        problems.append(
            f"the system {'library' if len(missing) == 1 else 'libraries'} Qt needs for a window "
            f"({', '.join(missing)}) {verb} not installed; install with: {_apt_line(missing)}"
        )
    if not problems:
        return None
    return f"annotator: the window cannot open: {'; '.join(problems)}. {_CLI}"


def import_problem(exc: ImportError) -> str:
    """The line for a library Qt itself could not load (``libEGL.so.1: cannot open shared object file``)."""
    name = str(exc).split(":")[0].strip()
    fix = f"; install with: {_apt_line([name])}" if name in DEBIAN_PACKAGES else ""
    return f"annotator: the window cannot open: Qt could not be loaded ({exc}){fix}. {_CLI}"


def missing_libraries() -> list[str]:
    """Shared objects Qt's X11 platform plugin needs that the dynamic loader cannot find, in its order."""
    plugin = _xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    missing: list[str] = []
    for line in done.stdout.splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def fonts_missing() -> bool:
    """Whether no font file is installed anywhere fontconfig looks by default (Qt would draw no text)."""
    home = Path.home()
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    for root in roots:
        if root.is_dir() and any(p.suffix.lower() in (".ttf", ".otf", ".pfb", ".ttc") for p in root.rglob("*")):
            return False
    return True


def fonts_warning() -> str | None:
    """A line for standard error when text would be invisible, else ``None``."""
    if not fonts_missing():
        return None
    return f"annotator: no fonts are installed, so the window would show no text; install with: {_apt([_FONTS])}"


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading any of Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def _x_answers(display: str) -> bool:
    """Whether an X server accepts a connection on ``display`` (libxcb's own connect, as Qt does)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def _apt_line(missing: list[str]) -> str:
    packages = []
    for name in missing:
        package = DEBIAN_PACKAGES.get(name, f"<the package with {name}>")
        if package not in packages:
            packages.append(package)
    if fonts_missing():
        packages.append(_FONTS)
    return _apt(packages)


def _apt(packages: list[str]) -> str:
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install {' '.join(packages)}"
