from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from config.ratelimit import rate_limited

from .forms import ContactForm, NewsletterForm
from .jsonld import article_json_ld, condition_json_ld
from .models import Article, Condition, NewsletterSubscriber, Resource
from .newsletter import (
    CONFIRM_VALID_FOR,
    newsletter_confirm,
    newsletter_subscribe,
    newsletter_unsubscribe,
    subscriber_from_token,
)
from .selectors import (
    active_clinic,
    article_for_public_page,
    articles_about,
    articles_for_listing,
    clinic_choices,
    condition_choices,
    condition_for_public_page,
    conditions_with_pages,
    content_search,
    public_stories,
    related_articles,
    resources_for_page,
    stories_for_condition,
)
from .services import contact_message_receive

ARTICLES_PER_PAGE = 12


def condition_list(request):
    return render(
        request, "content/condition_list.html", {"conditions": list(conditions_with_pages())}
    )


def condition_detail(request, slug: str):
    try:
        condition = condition_for_public_page(slug=slug)
    except Condition.DoesNotExist:
        raise Http404("No such condition") from None
    context = {
        "condition": condition,
        "articles": articles_about(condition=condition),
        "stories": stories_for_condition(condition=condition),
        "resources": resources_for_page(condition=condition),
        "review_due": condition.review_due(),
        "json_ld": condition_json_ld(condition, request.build_absolute_uri()),
    }
    return render(request, "content/condition_detail.html", context)


def article_list(request):
    conditions = list(condition_choices())
    clinics = list(clinic_choices())
    condition = next((c for c in conditions if c.slug == request.GET.get("condition")), None)
    clinic = next((c for c in clinics if c.slug == request.GET.get("clinic")), None)
    page = Paginator(
        articles_for_listing(condition=condition, clinic=clinic), ARTICLES_PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "conditions": conditions,
        "clinics": clinics,
        "condition": condition,
        "clinic": clinic,
        "query_without_page": query.urlencode(),
    }
    return render(request, "content/article_list.html", context)


def article_detail(request, slug: str):
    try:
        article = article_for_public_page(slug=slug)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    revision = article.live_revision
    image_url = request.build_absolute_uri(revision.hero_image.url) if revision.hero_image else None
    url = request.build_absolute_uri(article.get_absolute_url())
    context = {
        "article": article,
        "page": revision,
        "conditions": list(revision.conditions.all()),
        "related": related_articles(article=article),
        "canonical_url": revision.canonical_url or url,
        "image_url": image_url,
        "review_due": revision.review_due(),
        "json_ld": article_json_ld(article, url, image_url),
    }
    return render(request, "content/article_detail.html", context)


def search(request):
    query = (request.GET.get("q") or "").strip()
    results = None
    page = None
    if query:
        results = content_search(query=query)
        page = Paginator(results.articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "content/search.html",
        {"query": query[:200], "results": results, "page": page},
    )


def resource_list(request):
    resources = Resource.objects.filter(is_active=True).prefetch_related("conditions")
    kinds = [
        (label, [r for r in resources if r.kind == value]) for value, label in Resource.Kind.choices
    ]
    return render(request, "content/resource_list.html", {"kinds": kinds})


def story_list(request):
    return render(request, "content/story_list.html", {"stories": list(public_stories())})


@rate_limited("contact", per_ip="5/h")
def contact(request):
    """The contact form's full page: where it lands when shown with errors, and where it is
    filled in when reached directly. A filled-in honeypot gets the same thanks and is dropped."""
    clinic_slug = request.GET.get("clinic") or request.POST.get("clinic")
    clinic = active_clinic(slug=clinic_slug)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_spam:
            return redirect("content:contact_thanks")
        if form.is_valid():
            data = form.cleaned_data
            contact_message_receive(
                clinic=data["clinic"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
            )
            return redirect(f"{reverse('content:contact_thanks')}?clinic={data['clinic'].slug}")
    else:
        form = ContactForm(clinic=clinic)
    return render(request, "content/contact.html", {"form": form, "clinic": clinic})


def contact_thanks(request):
    clinic = active_clinic(slug=request.GET.get("clinic"))
    return render(request, "content/contact_thanks.html", {"clinic": clinic})


@rate_limited("newsletter", per_ip="10/h")
def newsletter_signup(request):
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            newsletter_subscribe(
                email=form.cleaned_data["email"],
                clinic=form.cleaned_data["clinic"],
                # The page the form was on; a NUL byte (PostgreSQL refuses it) is no page's.
                source=(request.POST.get("source") or "").replace("\x00", "")[:200],
            )
        # The same answer whoever you are: the form never says who is subscribed.
        return redirect("content:newsletter_check_inbox")
    return render(request, "content/newsletter_signup.html", {"form": form})


def newsletter_check_inbox(request):
    return render(request, "content/newsletter_message.html", {"step": "check_inbox"})


def _subscription_page(request, token: str, *, max_age, act, asking_step: str, done_step: str):
    """A link from a newsletter email: GET asks (a button), POST acts. A bad or old link says so."""
    try:
        subscriber = subscriber_from_token(token, max_age=max_age)
    except NewsletterSubscriber.DoesNotExist:
        return render(request, "content/newsletter_message.html", {"step": "bad_link"}, status=404)
    if request.method == "POST":
        act(subscriber=subscriber)
        return render(request, "content/newsletter_message.html", {"step": done_step})
    return render(
        request,
        "content/newsletter_message.html",
        {"step": asking_step, "subscriber": subscriber},
    )


def newsletter_confirm_view(request, token: str):
    """The link in the confirmation email. Confirming takes a click on the page (a POST), so a
    mail scanner that follows links does not subscribe anyone."""
    return _subscription_page(
        request,
        token,
        max_age=CONFIRM_VALID_FOR,
        act=newsletter_confirm,
        asking_step="confirm",
        done_step="confirmed",
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST here without a session
def newsletter_unsubscribe_view(request, token: str):
    return _subscription_page(
        request,
        token,
        max_age=None,
        act=newsletter_unsubscribe,
        asking_step="unsubscribe",
        done_step="unsubscribed",
    )
