"""The claims check on sample sentences a marketer might write: risky ones are flagged with the
right reason, honest ones are left alone."""

import pytest

from content.claims import find_claims, highlight, highlight_html

RISKY = [
    ("Ketamine can cure your depression.", "cure", "cure"),
    ("Our patients are cured within a week.", "cure", "cured"),
    ("Results guaranteed or your money back.", "guarantee", "guaranteed"),
    ("We guarantee relief.", "guarantee", "guarantee"),
    ("100 % of our patients improve.", "hundred_percent", "100 %"),
    ("It works 100% of the time.", "hundred_percent", "100%"),
    ("Helps 100 percent of patients.", "hundred_percent", "100 percent"),
    ("A proven treatment for fibromyalgia.", "proven", "proven"),
    ("It is clinically proven.", "proven", "clinically proven"),
    ("There are no side effects.", "no_side_effects", "no side effects"),
    ("Treatment without any side-effects.", "no_side_effects", "without any side-effects"),
    ("Ketamine is non-addictive.", "non_addictive", "non-addictive"),
    ("It is not addictive at all.", "non_addictive", "not addictive"),
    ("Ketamine is FDA-approved for chronic pain.", "fda_approved", "FDA-approved"),
    ("This protocol is approved by the FDA for migraine.", "fda_approved", "approved by the FDA"),
    ("Enjoy permanent relief.", "permanent", "permanent"),
    ("Say goodbye to pain for good.", "permanent", "for good"),
    ("A miracle for migraine sufferers.", "miracle", "miracle"),
    ("You will be pain-free after six sessions.", "outcome_promise", "You will be pain-free"),
    ("You'll feel better after the first visit.", "outcome_promise", "You'll feel better"),
    ("Infusions eliminate your pain.", "outcome_promise", "eliminate your pain"),
    ("Instant relief from PTSD.", "outcome_promise", "Instant relief"),
]

HONEST = [
    "Some people feel less pain for several weeks after a series of infusions.",
    "The evidence for CRPS is moderate; for fibromyalgia it is weak.",
    "Side effects include dizziness, nausea and a rise in blood pressure.",
    "The FDA has approved esketamine nasal spray for treatment-resistant depression.",
    "Ketamine is an FDA-approved anesthetic; its use for pain is off-label.",
    "Keep your data secure and procure a ride home.",  # 'cure' inside other words
    "Ketamine can be misused, so we screen carefully.",
    "There is no cure for fibromyalgia, but pain can often be eased.",
]


@pytest.mark.parametrize(("sentence", "code", "phrase"), RISKY)
def test_risky_phrases_are_flagged(sentence, code, phrase):
    claims = find_claims(sentence)

    assert (code, phrase) in [(c.code, c.phrase) for c in claims], claims
    assert claims[0].excerpt == sentence


@pytest.mark.parametrize("sentence", HONEST[:-1])
def test_honest_sentences_are_not_flagged(sentence):
    assert find_claims(sentence) == []


def test_even_a_negated_cure_is_shown_to_the_reviewer():
    # "No cure" is honest, but the word is regulated: a reviewer accepts it with one click.
    assert [c.code for c in find_claims(HONEST[-1])] == ["cure"]


def test_each_claim_is_reported_with_its_own_sentence_once():
    text = (
        "Our infusions are a miracle. Most visits take an hour.\n\n"
        "Results are guaranteed. Results are guaranteed."
    )

    claims = find_claims(text)

    assert [(c.code, c.excerpt) for c in claims] == [
        ("miracle", "Our infusions are a miracle."),
        ("guarantee", "Results are guaranteed."),
    ]


def test_excerpts_follow_markdown_blocks_whatever_the_line_endings():
    text = (
        "## Before your first infusion\r\n\r\nInfusions are a miracle for migraine.\r\n"
        "- guaranteed calm\n- a second item\nA line wrapped inside\na proven paragraph."
    )

    claims = find_claims(text)

    assert [(c.phrase, c.excerpt) for c in claims] == [
        ("miracle", "Infusions are a miracle for migraine."),
        ("guaranteed", "guaranteed calm"),
        ("proven", "a second item A line wrapped inside a proven paragraph."),
    ]


def test_highlighting_marks_phrases_and_escapes_the_rest():
    marked = highlight("<b>A</b> miracle cure", ["miracle", "cure"])

    assert marked == "&lt;b&gt;A&lt;/b&gt; <mark>miracle</mark> <mark>cure</mark>"


def test_html_highlighting_leaves_tags_and_attributes_alone():
    html = '<p>A <a href="/cure-page/" title="cure">cure</a> here</p>'

    marked = highlight_html(html, find_claims("A cure here"))

    assert marked == '<p>A <a href="/cure-page/" title="cure"><mark>cure</mark></a> here</p>'
