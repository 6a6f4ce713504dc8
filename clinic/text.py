"""Free text that must say something: a clinician's reason, a note for the record."""

import unicodedata

# Invisible or spacing characters: format controls (zero-width space and joiners, the BOM),
# other controls, and every kind of space or line separator.
_NOT_WRITING = {"Cf", "Cc", "Zs", "Zl", "Zp"}


def written(text: str | None) -> str:
    """`text` without surrounding blanks, or "" when nothing in it can be read (spaces, or
    characters that show as nothing, such as U+200B): a required reason made of those is none."""
    text = (text or "").strip()
    if all(unicodedata.category(char) in _NOT_WRITING for char in text):
        return ""
    return text
