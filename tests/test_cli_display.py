"""`annotator` where no window can open: one clear line and exit 1, never Qt's abort and core dump.

The faults are real: the environment of a machine with no display, an X
display number nobody serves, and system libraries removed from the loader's
view (an overlay mount with whiteouts, in a mount namespace of its own, as
root) while a real Xvfb server runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.gui.window_check import missing_libraries, window_problem

ROOT = Path(__file__).resolve().parent.parent
LIBDIR = Path("/usr/lib/x86_64-linux-gnu")
GONE = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")  # what a minimal Debian lacks; Qt names libxcb-cursor0


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def _free_display() -> int:
    return next(
        n
        for n in range(140, 400)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )


def _annotator(tmp_path: Path, env: dict[str, str], prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    command = [*(prefix or []), sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.db")]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)


def _one_clear_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)  # not -6 (SIGABRT): no Qt abort, no core dump
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "qt.qpa" not in done.stderr and "Aborted" not in done.stderr
    assert lines[0].startswith("annotator: the window cannot open") and "annotator --help" in lines[0]
    return lines[0]


def test_no_display_at_all(tmp_path):
    line = _one_clear_line(_annotator(tmp_path, _env()))
    assert "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)" in line
    assert not (tmp_path / "x.db").exists()  # nothing was opened or created


def test_the_development_entry_point_says_the_same(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator.gui.app", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "no display" in _one_clear_line(done)


def test_a_display_nobody_serves(tmp_path):
    n = _free_display()
    line = _one_clear_line(_annotator(tmp_path, _env(DISPLAY=f":{n}")))
    assert f"the X display ':{n}' does not answer" in line


@pytest.fixture
def xvfb():
    """A real X server on a free display number, stopped by its PID afterwards."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    n = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1024x700x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                break
            time.sleep(0.05)
        yield f":{n}"
    finally:
        server.kill()
        server.wait()


def _without_libraries(tmp_path: Path) -> list[str]:
    """A command prefix that runs the rest with ``GONE`` removed from the system library folder."""
    if os.geteuid() != 0 or shutil.which("unshare") is None or not all((LIBDIR / n).exists() for n in GONE):
        pytest.skip("needs root, unshare and the xcb libraries installed, to hide them in a mount namespace")
    upper, work = tmp_path / "upper", tmp_path / "work"
    upper.mkdir()
    work.mkdir()
    for name in GONE:
        os.mknod(upper / name, 0o600 | 0o020000, os.makedev(0, 0))  # an overlay whiteout: the file is gone
    mount = f"mount -t overlay overlay -o lowerdir={LIBDIR},upperdir={upper},workdir={work} {LIBDIR}"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mount} && test ! -e {LIBDIR / GONE[0]}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount an overlay in a mount namespace here: {probe.stderr.strip()}")
    return ["unshare", "-m", "sh", "-c", f'{mount} && exec "$@"', "sh"]


def test_missing_xcb_libraries_are_named_with_the_apt_line(tmp_path, xvfb):
    assert window_problem({"DISPLAY": xvfb}) is None  # all there: the window may open
    hide = _without_libraries(tmp_path)
    env = _env(DISPLAY=xvfb)
    # The fault is real: Qt alone aborts here, and its message names another library.
    qt = subprocess.run(
        [*hide, sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert qt.returncode != 0 and "xcb-cursor0" in qt.stderr
    line = _one_clear_line(_annotator(tmp_path, env, hide))
    assert "(libxcb-icccm.so.4, libxcb-keysyms.so.1) are not installed" in line
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in line and "cursor" not in line
    assert "does not answer" not in line  # the display itself is fine
    listed = subprocess.run(
        [
            *hide,
            sys.executable,
            "-c",
            "from annotator.gui.window_check import missing_libraries; print(missing_libraries())",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert listed.stdout.strip() == repr(list(GONE))
    assert missing_libraries() == []  # outside the namespace nothing is missing


def test_the_command_line_still_works_without_a_display(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "x.db"), "labels", "add", "threat"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert done.returncode == 0 and "added threat" in done.stdout


def test_no_fonts_is_said_with_the_package_that_brings_them(tmp_path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare, to hide the fonts in a mount namespace")
    hide = 'mount -t tmpfs tmpfs /usr/share/fonts && exec "$@"'  # an empty folder where the fonts were
    code = "from annotator.gui.window_check import fonts_warning; print(fonts_warning())"
    env = _env(HOME=str(tmp_path))
    bare = subprocess.run(
        ["unshare", "-m", "sh", "-c", hide, "sh", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bare.returncode == 0, bare.stderr
    assert "no fonts are installed" in bare.stdout and "apt-get install fonts-dejavu-core" in bare.stdout
    usual = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert usual.stdout.strip() == "None"
