"""Boring changes vanish before hashing; real ones, the headline alone included, do not."""

import pytest

from newsbot.versions.normalise import comparable_text

BODY = ["The council approved the budget on Monday.", "Taxes rise by two percent."]


@pytest.mark.parametrize("noise", [
    ["Updated 10:32 GMT"],
    ["Last updated: 3 March 2026"],
    ["5 minutes ago"],
    ["Advertisement"],
    ["1,204 comments"],
    ["Share (45)"],
    ["This website uses cookies to improve your experience. Accept Read More"],
])
def test_furniture_paragraphs_do_not_count(noise):
    assert comparable_text("Budget passes", BODY + noise) == comparable_text("Budget passes", BODY)


def test_whitespace_and_unicode_forms_do_not_count():
    spaced = ["The  council approved\u00a0the budget on Monday. ", "Taxes rise by two percent."]
    assert comparable_text("Budget passes", spaced) == comparable_text("Budget passes", BODY)


def test_volatile_fragments_inside_a_paragraph_do_not_count():
    stamped = [BODY[0] + " (Updated 10:32 GMT)", BODY[1]]
    assert comparable_text("Budget passes", stamped) == comparable_text("Budget passes", BODY)


def test_a_headline_change_alone_counts():
    assert comparable_text("Budget passes narrowly", BODY) != comparable_text("Budget passes", BODY)


def test_a_body_change_counts():
    changed = [BODY[0], "Taxes rise by three percent."]
    assert comparable_text("Budget passes", changed) != comparable_text("Budget passes", BODY)
