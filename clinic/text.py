"""Free text that must say something: a clinician's reason, a note for the record."""

import unicodedata

# Invisible or spacing characters: format controls (zero-width space and joiners, the BOM),
# other controls, every kind of space or line separator, and marks that only combine with a
# letter; and the letters and symbols that are drawn as nothing (the Hangul fillers, the blank
# Braille pattern).
_NOT_WRITING = {"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"}
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}


def written(text: str | None) -> str:
    """`text` without surrounding blanks, or "" when nothing in it can be read (spaces, or
    characters that show as nothing, such as U+200B): a required reason made of those is none."""
    text = (text or "").strip()
    if all(char in _BLANK or unicodedata.category(char) in _NOT_WRITING for char in text):
        return ""
    return text
