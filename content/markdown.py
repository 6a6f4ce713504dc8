"""Markdown in, safe HTML out: what marketers write is rendered by markdown-it-py (CommonMark)
and then cleaned by nh3, an allowlist sanitizer. Raw HTML in the Markdown is escaped by the
renderer, and whatever slips through is stripped by the allowlist: no scripts, no event
handlers, no `javascript:` links, ever."""

from __future__ import annotations

import math
import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "blockquote",
    "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_URL_SCHEMES = {"https", "http", "mailto", "tel"}
WORDS_PER_MINUTE = 220

# html=False: raw HTML in the source is shown as text, not passed through.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.enable("table")


def render_markdown(text: str) -> SafeString:
    """Sanitized HTML for Markdown text. Headings start at h2: the page's h1 is the title."""
    html = _renderer.render(text or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3's allowlist output


def plain_text(text: str) -> str:
    """The words of Markdown text, for reading time and the search index."""
    return strip_tags(render_markdown(text))


def reading_minutes(text: str) -> int:
    words = len(plain_text(text).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
