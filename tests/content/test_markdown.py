"""Marketers' Markdown becomes HTML a browser can show safely, whatever was pasted into it."""

from html.parser import HTMLParser

import pytest

from content.markdown import reading_minutes, render_markdown


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text is only text)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div onmouseover="alert(1)">hover</div>',
    '![x](https://evil.example/x.png" onerror="alert(1))',
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_never_yields_script_handlers_or_javascript_urls(source):
    html = render_markdown(f"Before.\n\n{source}\n\nAfter.")
    elements = _Elements(html).elements

    assert {tag for tag, _ in elements} <= {"p", "a"}
    for _tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:"))
    assert "After." in html  # the rest of the text survives


def test_markdown_formatting_survives_and_links_get_safe_rel():
    html = render_markdown(
        "# Title\n\n## Before you come\n\n- eat a light meal\n- bring a friend\n\n"
        "**Bold** and *soft*, see [the clinic list](/clinics/) or "
        "[988](https://988lifeline.org/)."
    )

    assert "<h2>Title</h2>" in html  # the page's h1 is the article title
    assert "<h2>Before you come</h2>" in html
    assert "<li>eat a light meal</li>" in html
    assert "<strong>Bold</strong>" in html and "<em>soft</em>" in html
    assert '<a href="/clinics/" rel="noopener nofollow">the clinic list</a>' in html
    assert 'href="https://988lifeline.org/"' in html


def test_reading_time_counts_words_not_markup():
    assert reading_minutes("word " * 220) == 1
    assert reading_minutes("word " * 221) == 2
    assert reading_minutes("[a](https://example.org/" + "x" * 5000 + ")") == 1
