"""clean_body: paragraphs without headline repeats, related blocks, banners and page furniture."""

from __future__ import annotations

import pytest

from newsbot.cleaning import clean_body, normalize_text

TITLE = "Ferry returns after winter repairs"
P1 = "The overnight ferry between Calder and Saltreach will resume sailing on Friday, the operator said."
P2 = "Engineers replaced the propeller shaft and refitted the passenger lounge at the yard in Fenby."
P3 = "“Having the night boat back makes a real difference,” said the operator’s chief executive."


def test_plain_paragraphs_pass_through():
    assert clean_body([P1, P2, P3], title=TITLE) == (P1, P2, P3)


def test_repeated_headline_is_removed():
    assert clean_body([TITLE, TITLE.upper(), P1, P2], title=TITLE) == (P1, P2)


def test_related_posts_heading_and_its_linked_titles_go():
    paragraphs = [P1, P2, "Related posts", "Storm cancels all crossings for a second day",
                  "New Regulations in Port: Foreigners Face Fees Without Registration", "Pier lights switched on"]
    assert clean_body(paragraphs, title=TITLE) == (P1, P2)


def test_prose_after_a_related_block_is_kept():
    paragraphs = [P1, "You may also like", "Storm cancels all crossings", P2]
    assert clean_body(paragraphs) == (P1, P2)


@pytest.mark.parametrize("heading", ["Related", "Read more", "Read More:", "More from Harbour Gazette", "Also read",
                                     "You might also like", "Recommended for you", "Trending now", "Most read"])
def test_related_heading_variants(heading):
    assert clean_body([P1, heading, "Another headline here"]) == (P1,)


def test_inline_read_more_pointer_goes():
    assert clean_body([P1, "READ MORE: Storm cancels all crossings for a second day", P2]) == (P1, P2)


@pytest.mark.parametrize(
    "banner",
    [
        "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can "
        "opt-out if you wish. Accept Read More",
        "We use cookies to ensure that we give you the best experience on our website. If you continue to use "
        "this site we will assume that you are happy with it. Ok",
        "By continuing to browse you agree to our use of cookies. Cookie policy",
    ],
)
def test_cookie_banners_go(banner):
    assert clean_body([P1, P2, banner]) == (P1, P2)


def test_an_article_about_cookies_stays():
    text = ("The regulator said websites that use cookies must ask before tracking visitors, and fined three "
            "publishers whose consent banners made refusing harder than accepting. " * 4).strip()
    assert clean_body([text]) == (text,)


@pytest.mark.parametrize(
    "furniture",
    ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Share this:",
     "Share on Facebook Share on Twitter", "Facebook Twitter WhatsApp Email", "Loading...",
     "Sign up to our newsletter to get the top stories in your inbox every morning.",
     "Copyright 2026 Fenby Weekly", "Follow us on Twitter"],
)
def test_page_furniture_goes(furniture):
    assert clean_body([P1, furniture, P2]) == (P1, P2)


def test_byline_with_date_goes_when_authors_are_known():
    paragraphs = ["By Rosa Kemp and Felix Arden - 19 March 2026", P1, "Rosa Kemp | Updated 10:45", P2]
    assert clean_body(paragraphs, authors=["Rosa Kemp", "Felix Arden"]) == (P1, P2)


def test_sentences_naming_the_author_stay():
    text = "Rosa Kemp said the bakery would open again on Monday."
    assert clean_body([text], authors=["Rosa Kemp"]) == (text,)


def test_unicode_and_whitespace_are_normalised_but_quotes_kept():
    raw = "  Caf\u0065\u0301 owner\u00a0said\u200b “it’s fine”\u202f—\tnothing   more.  "
    assert clean_body([raw]) == ("Café owner said “it’s fine” — nothing more.",)
    assert normalize_text("e\u0301") == "é"


def test_zero_width_joiners_are_kept():
    persian = "می\u200cخواهم"
    assert clean_body([persian]) == (persian,)


def test_empty_and_blank_paragraphs_go():
    assert clean_body(["", "   ", "\u200b", P1]) == (P1,)


def test_short_repeats_stay_long_repeats_collapse():
    assert clean_body(["1", "1", P1, P1]) == ("1", "1", P1)


def test_table_rows_stay():
    rows = ["Pos. | Driver | Points", "1 | Kyle Busch | 5040", "2 | Martin Truex Jr. | 5035"]
    assert clean_body(rows) == tuple(rows)
