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


@register.inclusion_tag("content/partials/_newsletter_form.html", takes_context=True)
def newsletter_form(context, clinic=None):
    """The newsletter sign-up: the network's in every footer, a clinic's on its page. It runs no
    query (no list of clinics to choose from), so it costs pages nothing."""
    request = context.get("request")
    return {
        "clinic": clinic,
        "prefix": f"newsletter-{clinic.slug}" if clinic else "newsletter",
        "source": request.path if request else "",
        "csrf_token": context.get("csrf_token"),
    }
