"""The report's font, and text for fpdf2's built-in Latin-1 font when no Unicode font is found."""

from pathlib import Path

from spinecoach.domain.errors import DomainError

# Common places of a Unicode TrueType font with Cyrillic (Debian/Ubuntu, Fedora, Arch, macOS, Windows).
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

# Russian letters in a simple Latin spelling (close to the passport transliteration, ICAO 9303).
CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "ie",
            "y",
            "",
            "e",
            "iu",
            "ia",
        ],
        strict=True,
    )
)


def pick_font(configured: Path | None, candidates: tuple[str, ...] = SYSTEM_FONTS) -> Path | None:
    """The configured font (it must exist), else the first system font found, else None."""
    if configured is not None:
        if not configured.is_file():
            raise DomainError(f"report_font: {configured} is not a file")
        return configured
    return next((Path(c) for c in candidates if Path(c).is_file()), None)


def latin1(text: str) -> str:
    """Transliterate Cyrillic and replace anything else outside Latin-1 with '?'."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in CYRILLIC:
            latin = CYRILLIC[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char if ord(char) < 256 else "?")
    return "".join(out)
