from django import template

from content.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown to sanitized HTML (nh3 allowlist)."""
    return render_markdown(text)
