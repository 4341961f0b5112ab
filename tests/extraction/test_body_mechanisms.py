"""The body's mechanisms one by one: readability's agreement on the edges, linked teasers, consent managers."""

from __future__ import annotations

import pytest

from newsbot.cleaning import clean_article
from newsbot.extraction import extract_article
from newsbot.extraction._html import parse_html
from newsbot.extraction.agreement import readability_paragraphs, shingles, trim_unsupported_edges
from newsbot.extraction.boilerplate import find_boilerplate
from newsbot.extraction.links import drop_teasers, link_texts

STORY = [
    "Ferry operator adds winter crossings",
    "North Tide Ferries will run two extra crossings a day between Port Calder and Selwick Island from "
    "next month, the company said on Monday, after a winter of complaints.",
    "The new timetable adds a midday departure and a late-evening return on weekdays.",
    "Sign up for our newsletter",
]


def test_shingles_are_three_word_windows_case_folded():
    assert shingles("The Ferry runs daily") == {("the", "ferry", "runs"), ("ferry", "runs", "daily")}
    assert shingles("Two words") == {("two", "words")}
    assert shingles("") == set()


def test_edges_no_agreeing_reference_supports_are_cut():
    reference = STORY[1:3]
    assert trim_unsupported_edges(STORY, [reference]) == STORY[1:3]


def test_unsupported_paragraphs_inside_the_body_stay():
    body = [STORY[1], "An inline paragraph the reference missed entirely here.", STORY[2]]
    assert trim_unsupported_edges(body, [[STORY[1], STORY[2]]]) == body


def test_a_reference_that_found_another_block_is_no_judge():
    unrelated = ["Weather: rain moving in from the west later this week, with strong winds."]
    assert trim_unsupported_edges(STORY, [unrelated]) == STORY


def test_any_agreeing_reference_may_support_an_edge():
    readability = STORY[1:3]
    jsonld = STORY[0:3]  # articleBody starting with the standfirst
    assert trim_unsupported_edges(STORY, [readability, jsonld]) == STORY[0:3]


def test_long_prose_at_an_edge_is_never_cut():
    prose = ("A closing paragraph that readability happened to miss, long enough and finished like a "
             "sentence, so it is taken for article text rather than a teaser or a widget. " * 3).strip()
    body = [*STORY[1:3], prose]
    assert trim_unsupported_edges(body, [STORY[1:3]]) == body


def test_readability_finds_the_densest_block():
    tree = parse_html(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div class='story'>"
        + "".join(f"<p>{text}, with commas, and enough words to score as a paragraph of text.</p>"
                  for text in STORY[1:3])
        + "</div><footer>Contact us</footer></body></html>")
    paragraphs = readability_paragraphs(tree)
    assert any(STORY[1][:40] in paragraph for paragraph in paragraphs)
    assert not any("Contact us" in paragraph for paragraph in paragraphs)


def test_linked_headlines_are_teasers_but_linked_list_items_and_urls_are_not():
    tree = parse_html(
        "<body><a href='/a'>Bus fares frozen for another year</a><a href='/b'>Satechi USB-C Car Charger</a>"
        "<a href='https://example.com/report'>https://example.com/report</a><a href='/'>Home</a></body>")
    links = link_texts(tree)
    blocks = [("Bus fares frozen for another year", "p"), ("Satechi USB-C Car Charger", "item"),
              ("https://example.com/report", "p"), ("The story itself, which nobody links to.", "p")]
    assert drop_teasers(blocks, links) == blocks[1:]


def test_teaser_removal_never_takes_most_of_the_body():
    tree = parse_html("<body><a href='/a'>The whole story is a link on this odd site</a></body>")
    blocks = [("The whole story is a link on this odd site", "p"), ("Short.", "p")]
    assert drop_teasers(blocks, link_texts(tree)) == blocks


def test_consent_manager_roots_are_boilerplate_whatever_they_say():
    tree = parse_html("<body><div id='onetrust-consent-sdk'><p>Loading…</p></div>"
                      "<div class='fc-consent-root'><p>Before you continue</p></div><article><p>x</p></article></body>")
    found = {element.get("id") or element.get("class") for element in find_boilerplate(tree)}
    assert found == {"onetrust-consent-sdk", "fc-consent-root"}


def test_inline_teasers_and_edge_furniture_leave_the_body():
    paragraphs = [f"<p>Paragraph {n} of the story, told in full sentences with enough words to count.</p>"
                  for n in range(1, 5)]
    html = ("<html><head><title>Story</title></head><body><article><h1>Story</h1>"
            + paragraphs[0] + paragraphs[1]
            + "<p><a href='/other'><strong>ANOTHER STORY ENTIRELY ON THIS SITE</strong></a></p>"
            + paragraphs[2] + paragraphs[3]
            + "<h3>You may also like...</h3><p><a href='/x'>A linked headline of another story</a></p>"
            + "</article></body></html>")
    body = clean_article(extract_article(html, "https://news.example/story")).body
    assert [text.split(" of the story")[0] for text in body] == [f"Paragraph {n}" for n in range(1, 5)]


def _box(paragraphs: list[str], css: str = "text-box") -> str:
    return f'<div class="{css}">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"


def test_sister_boxes_after_the_body_join_it_and_nothing_else_does():
    from newsbot.extraction.continuation import Continuation

    first = [f"Paragraph {n} of the ferry story, which goes on for a good while to be long enough." for n in (1, 2)]
    rest = [f"Paragraph {n} of the ferry story, after the advert, still telling the same long story to its end."
            for n in (3, 4, 5, 6)]
    before = ["A claim the article checks, set in the same kind of box as the story, before the story starts."] * 4
    teasers = ['<a href="/a">A linked headline of another story that runs long enough to count</a> and more'] * 4
    tree = parse_html("<html><body>" + _box(before) + _box(first) + '<div class="ad">Advert</div>'
                      + _box(rest) + _box(teasers) + "</body></html>")
    assert Continuation(tree).extend(first) == first + rest
    # One paragraph matched is no evidence of a box: nothing joins.
    assert Continuation(tree).extend(first[:1]) == first[:1]


@pytest.mark.parametrize("heading", ["Lesen Sie auch", "Leia também", "Czytaj także", "Les også", "Lea también"])
def test_read_also_boxes_in_other_languages_are_boilerplate(heading):
    tree = parse_html(f"<body><article><p>{STORY[0]}</p><div class='box'><h3>{heading}</h3>"
                      "<a href='/other-story'>A linked headline of another story</a></div></article></body>")
    assert [element.get("class") for element in find_boilerplate(tree)] == ["box"]
