"""Color contrast per WCAG 2.2 (1.4.3 Contrast (Minimum)): relative luminance and ratios."""

from __future__ import annotations

WHITE = "#ffffff"
#: Material's slate (dark) background, hsla(225deg, 15%, 14%): links and accents sit on it.
SLATE = "#1e2129"
AA_TEXT = 4.5


def rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(hex_color: str) -> float:
    """Relative luminance, as WCAG 2.2 defines it (sRGB, linearised)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: str, b: str, amount: float) -> str:
    """``a`` moved ``amount`` (0–1) of the way towards ``b``."""
    return "#" + "".join(
        f"{round(x + (y - x) * amount):02x}" for x, y in zip(rgb(a), rgb(b), strict=True)
    )


def shade_meeting(color: str, background: str, towards: str, ratio: float = AA_TEXT) -> str:
    """The smallest step of ``color`` towards ``towards`` with ``ratio`` on ``background``."""
    for step in range(0, 101):
        candidate = mix(color, towards, step / 100)
        if contrast(candidate, background) >= ratio:
            return candidate
    return towards
