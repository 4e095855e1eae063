"""Light, dark or system theme, and the colours spans are painted in.

The Fusion style is used everywhere because it follows the palette exactly, so
one dark palette works on every platform. Span fills are label colours blended
over the view's base colour (opaque results, cached), so overlapping spans mix
instead of one hiding the other, in both themes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["THEMES", "apply_theme", "is_dark", "blend_fill"]

THEMES = ("system", "light", "dark")

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb2ff",
    QPalette.ColorRole.Mid: "#444444",
    QPalette.ColorRole.Dark: "#191919",
    QPalette.ColorRole.Light: "#505050",
}


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def _system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> None:
    """Set the application palette for ``theme`` (one of :data:`THEMES`)."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if theme == "dark" or (theme == "system" and _system_is_dark()):
        app.setPalette(_dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(QPalette())  # back to what the platform theme says


def is_dark(palette: QPalette) -> bool:
    """Whether text is drawn light on dark."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend_fill(colors: Sequence[QColor], base: QColor, dark: bool) -> QColor:
    """The fill for a stretch covered by spans of ``colors`` (one entry per span).

    The labels' colours are averaged; more spans on a stretch give a stronger
    tint, so nesting shows even when every span has the same label.
    """
    n = len(colors)
    r = sum(c.redF() for c in colors) / n
    g = sum(c.greenF() for c in colors) / n
    b = sum(c.blueF() for c in colors) / n
    alpha = min((0.36 if dark else 0.26) + 0.14 * (n - 1), 0.7)
    return QColor.fromRgbF(
        base.redF() * (1 - alpha) + r * alpha,
        base.greenF() * (1 - alpha) + g * alpha,
        base.blueF() * (1 - alpha) + b * alpha,
    )
