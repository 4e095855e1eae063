"""Light, dark or system theme, and the colours spans are painted in.

The Fusion style is used everywhere because it follows the palette exactly, so
one dark palette works on every platform. Span fills are label colours blended
over the view's base colour (opaque results, cached), so overlapping spans mix
instead of one hiding the other, in both themes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

__all__ = [
    "SELECTION_CONTRAST",
    "THEMES",
    "apply_theme",
    "blend_fill",
    "delta_e",
    "is_dark",
    "over",
    "selection_tint",
    "swatch",
]

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


SELECTION_CONTRAST = 25.0  # CIE76 distance a fresh selection keeps from every label's fill


def _lab(color: QColor) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = linear(color.redF()), linear(color.greenF()), linear(color.blueF())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: QColor, b: QColor) -> float:
    """How far apart two colours look (CIE76: about 2.3 is just noticeable, 25 is clearly another colour)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def over(base: QColor, color: QColor) -> QColor:
    """``color`` (with its alpha) painted over an opaque ``base``."""
    alpha = color.alphaF()
    return QColor.fromRgbF(
        *(
            b * (1 - alpha) + c * alpha
            for b, c in ((base.redF(), color.redF()), (base.greenF(), color.greenF()), (base.blueF(), color.blueF()))
        )
    )


def selection_tint(base: QColor, text: QColor, labels: Sequence[QColor], dark: bool) -> QColor:
    """The selection's see-through colour: a grey of the text colour, never mistaken for a span.

    The palette's highlight is a blue, close to the denial label's sky blue;
    a neutral tint differs in hue from every colourful label. Its strength is
    the least that keeps :data:`SELECTION_CONTRAST` from the fill of every
    label in the scheme (so a scheme with a grey label still gets a distinct
    selection), which leaves the spans under a selection visible.
    """
    fills = [blend_fill([c], base, dark) for c in labels]
    best, best_gap = None, -1.0
    for step in range(7):
        tint = QColor(text)
        tint.setAlphaF(0.3 + 0.05 * step)
        shown = over(base, tint)
        gap = min([delta_e(shown, f) for f in fills] + [delta_e(shown, base)])
        if gap >= SELECTION_CONTRAST:
            return tint
        if gap > best_gap:
            best, best_gap = tint, gap
    assert best is not None
    return best


_swatches: dict[str, QIcon] = {}


def swatch(color: str) -> QIcon:
    """A small square of ``color``, cached."""
    icon = _swatches.get(color)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(QColor(color))
        icon = _swatches[color] = QIcon(pixmap)
    return icon
