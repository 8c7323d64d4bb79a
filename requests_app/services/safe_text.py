"""Text a person typed, made safe to print in a letter: bidirectional controls that could reorder the page
(U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks) are removed,
other control characters become spaces (line breaks stay), so the letter reads in the order it was typed.
HTML is not touched here: templates escape it, so markup prints as text."""

import unicodedata

from . import formatting

#: Characters that change the display order of the text around them: the shared list of
#: formatting.neutralise_bidi (issue 15), so letters and the rest of the app remove the same ones.
BIDI_CONTROLS = frozenset(formatting.BIDI_CONTROLS)


def printable_text(text: str | None) -> str:
    """`text` without bidirectional controls and with every other control character (tab, NUL, escape…)
    as a space; line breaks (\\n) are kept, \\r\\n becomes \\n. None becomes ""."""
    if not text:
        return ""
    text = formatting.neutralise_bidi(text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for char in text:
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200d":
            out.append(" ")
            continue
        out.append(char)
    return "".join(out)


def shortened(text: str, *, limit: int) -> tuple[str, bool]:
    """(`text` cut at `limit` characters on a word or sentence boundary when one is near, whether it was cut).
    The caller shows that it was cut; nothing is dropped silently."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    for boundary in ("。", ". ", "；", "; ", "，", ", ", " "):
        position = cut.rfind(boundary)
        if position >= limit * 0.6:
            cut = cut[: position + len(boundary.strip() or boundary)]
            break
    return cut.rstrip(), True
