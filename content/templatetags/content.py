from django import template

from content.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Markdown to sanitized HTML (nh3 allowlist)."""
    return render_markdown(text)


@register.inclusion_tag("content/partials/_contact_form.html", takes_context=True)
def contact_form(context, clinic=None):
    """The contact form, on a clinic's page (clinic chosen) or the home page (choose one)."""
    from content.forms import ContactForm

    return {
        "form": ContactForm(clinic=clinic),
        "clinic": clinic,
        "csrf_token": context.get("csrf_token"),
    }
