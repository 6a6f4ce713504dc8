"""The claims check: phrases that make a health claim a regulator (and an honest clinician) would
question. Saving an article or condition page flags them; the medical reviewer must accept each
flag, with a reason, before the text can be approved, or the writer rewords it.

Patterns are deliberately a little eager: a false flag costs a reviewer one click, a missed one
can mislead a patient in pain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# A sentence ends at . ! ? or where a Markdown block ends: a blank line, or a new heading, list
# item or quote line. A line wrapped inside a paragraph stays one sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>))")
_BLOCK_MARKER = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)+")


@dataclass(frozen=True)
class ClaimRule:
    code: str
    label: str
    pattern: re.Pattern
    #: the phrase is fine when its sentence matches this (an approved use, say)
    unless: re.Pattern | None = None


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


RULES: tuple[ClaimRule, ...] = (
    ClaimRule("cure", _("Promises a cure"), _rx(r"\bcur(?:e|es|ed|ing|ative)\b")),
    ClaimRule("guarantee", _("Guarantees a result"), _rx(r"\bguarantee(?:s|d)?\b")),
    ClaimRule(
        "hundred_percent",
        _("Claims certainty (100 %)"),
        _rx(r"\b100\s*(?:%|percent\b|per\s+cent\b)"),
    ),
    ClaimRule("proven", _("Calls the treatment proven"), _rx(r"\b(?:clinically\s+)?proven\b")),
    ClaimRule(
        "no_side_effects",
        _("Denies side effects"),
        _rx(
            r"\b(?:no|zero|without(?:\s+any)?)\s+(?:known\s+)?side[\s-]+effects?\b"
            r"|\bside[\s-]+effects?[\s-]+free\b"
        ),
    ),
    ClaimRule(
        "non_addictive",
        _("Denies any risk of misuse"),
        _rx(r"\bnon[\s-]?addictive\b|\bnot\s+addictive\b|\bno\s+risk\s+of\s+addiction\b"),
    ),
    ClaimRule(
        "fda_approved",
        _("Says FDA-approved for a use that is not approved"),
        _rx(r"\bFDA[\s-]+approved\b|\bapproved\s+by\s+the\s+FDA\b"),
        # Esketamine for depression is approved; ketamine is approved as an anesthetic.
        unless=_rx(r"\besketamine\b|\bspravato\b|\banesthe(?:tic|sia)\b|\banaesthe"),
    ),
    ClaimRule(
        "permanent",
        _("Promises lasting results"),
        _rx(r"\bpermanent(?:ly)?\b|\bfor\s+good\b|\bforever\b"),
    ),
    ClaimRule("miracle", _("Miracle language"), _rx(r"\bmiracle\w*|\bmiraculous\w*")),
    ClaimRule(
        "outcome_promise",
        _("Promises an outcome"),
        _rx(
            r"\byou(?:'ll|’ll|\s+will)\s+(?:finally\s+)?(?:be|feel|become|get)\s+"
            r"(?:pain[\s-]*free|healed|well|better|depression[\s-]*free|symptom[\s-]*free)"
            r"|\bpain[\s-]*free\s+(?:for\s+life|again|at\s+last)"
            r"|\b(?:eliminates?|erases?|ends?|stops?)\s+(?:your\s+|all\s+)?"
            r"(?:pain|depression|anxiety|ptsd|migraines?)\b"
            r"|\bworks\s+for\s+everyone\b|\binstant(?:ly)?\s+relief\b"
        ),
    ),
)


@dataclass(frozen=True)
class Claim:
    code: str
    label: str
    phrase: str
    excerpt: str  # the sentence the phrase stands in

    @property
    def key(self) -> str:
        """What identifies the claim across saves: the same phrase in the same sentence."""
        return f"{self.code}:{self.phrase.lower()}:{' '.join(self.excerpt.lower().split())}"


def _sentences(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sentences = (_BLOCK_MARKER.sub("", s.strip()) for s in _SENTENCE_END.split(text) if s)
    return [" ".join(s.split()) for s in sentences if s]


def find_claims(*texts: str) -> list[Claim]:
    """Every risky phrase in the texts, once per sentence and phrase, in reading order."""
    found: list[Claim] = []
    seen: set[str] = set()
    for text in texts:
        for sentence in _sentences(text or ""):
            for rule in RULES:
                if rule.unless is not None and rule.unless.search(sentence):
                    continue
                for match in rule.pattern.finditer(sentence):
                    claim = Claim(rule.code, str(rule.label), match.group(0), sentence)
                    if claim.key not in seen:
                        seen.add(claim.key)
                        found.append(claim)
    return found


def highlight(text: str, phrases: list[str]) -> SafeString:
    """`text` escaped, with each of the phrases wrapped in <mark>."""
    escaped = escape(text)
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.sub(
            re.escape(escape(phrase)),
            lambda m: f"<mark>{m.group(0)}</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308 - built from escaped text


_TAG = re.compile(r"(<[^>]+>)")


def highlight_html(html: str, claims: list[Claim]) -> SafeString:
    """Sanitized HTML with the flagged phrases marked, touching text only, never tags."""
    phrases = sorted({escape(c.phrase) for c in claims}, key=len, reverse=True)
    if not phrases:
        return mark_safe(html)  # noqa: S308 - already sanitized
    pattern = re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE)
    parts = _TAG.split(html)
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", part)
    return mark_safe("".join(parts))  # noqa: S308 - sanitized HTML with <mark> added
