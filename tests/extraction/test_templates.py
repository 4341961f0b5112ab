"""Site-template learning, the pure core: fingerprints, counting distinct pages, the rule, stripping."""

from __future__ import annotations

from newsbot.cleaning import clean_article
from newsbot.extraction import Article
from newsbot.extraction.templates import (
    TemplateMemory,
    block_fingerprint,
    page_key,
    site_key,
    strip_template_blocks,
)

BIO = "Jane Doe writes about ferries and the sea for the Gazette. She lives in Port Calder."
OFFER = "Get the best of the Gazette in your inbox every Friday: sign up, it is free."


def story(n: int) -> list[str]:
    return [f"Story {n} opens with its own first paragraph, which no other page of the site has, "
            f"and tells the news in two long sentences. The second one adds what the council said.",
            f"Story {n} goes on in its own words, quoting a resident and ending with what happens next.",
            BIO, OFFER]


def test_fingerprints_ignore_markup_differences_but_not_words():
    assert block_fingerprint(BIO) == block_fingerprint("  jane doe writes about FERRIES and the sea for the "
                                                       "Gazette -- she lives in Port Calder ")
    assert block_fingerprint(BIO) != block_fingerprint(BIO.replace("ferries", "trains"))
    assert block_fingerprint("1") is None and block_fingerprint("* * *") is None


def test_site_key_is_the_host_without_www_and_with_a_non_default_port():
    assert site_key("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert site_key("http://127.0.0.1:8081/a") == "127.0.0.1:8081"
    assert site_key("https://example.com:443/a") == "example.com"


def test_a_block_becomes_template_on_its_third_distinct_page():
    memory = TemplateMemory(min_pages=3)
    site = "gazette.example"
    for n in (1, 2):
        memory.observe(site, page_key(f"https://gazette.example/{n}"), story(n))
    assert memory.boilerplate(site) == frozenset()
    memory.observe(site, page_key("https://gazette.example/3"), story(3))
    assert memory.boilerplate(site) == {block_fingerprint(BIO), block_fingerprint(OFFER)}
    assert memory.boilerplate("other.example") == frozenset()


def test_fetching_the_same_page_again_does_not_count():
    memory = TemplateMemory(min_pages=3)
    for _ in range(5):
        new = memory.observe("s", page_key("https://s/1"), story(1))
    assert new == [] and memory.page_count("s", block_fingerprint(BIO)) == 1


def test_observe_returns_only_new_sightings_with_a_sample():
    memory = TemplateMemory()
    sightings = memory.observe("s", 7, [BIO, BIO, "x"])
    assert [(s.site, s.fingerprint, s.page_key, s.sample) for s in sightings] == [
        ("s", block_fingerprint(BIO), 7, BIO)]


def test_loaded_counts_continue_across_runs():
    memory = TemplateMemory(min_pages=3)
    memory.load("s", block_fingerprint(BIO), [1, 2], page_count=2)
    memory.observe("s", 2, [BIO])  # a page the archive already counted
    assert memory.boilerplate("s") == frozenset()
    memory.observe("s", 3, [BIO])
    assert memory.boilerplate("s") == {block_fingerprint(BIO)}


def test_singletons_are_forgotten_once_written_but_recurring_blocks_stay():
    memory = TemplateMemory()
    memory.observe("s", 1, story(1))
    memory.observe("s", 2, story(2))
    assert memory.forget_singletons() == 4  # the two stories' own paragraphs
    assert memory.page_count("s", block_fingerprint(BIO)) == 2


def test_strip_removes_template_blocks_wherever_they_are():
    boilerplate = frozenset({block_fingerprint(BIO), block_fingerprint(OFFER)})
    assert strip_template_blocks([BIO, *story(4)[:2], OFFER], boilerplate) == tuple(story(4)[:2])


def test_strip_leaves_a_body_alone_when_the_template_would_be_most_of_it():
    # A republished copy of an article on the same site: its paragraphs all recur.
    copy = story(5)[:2]
    boilerplate = frozenset(block_fingerprint(text) for text in copy)
    assert strip_template_blocks([*copy, "A short update."], boilerplate) == (*copy, "A short update.")


def test_clean_article_takes_the_learned_template():
    article = Article(url="https://s/5", canonical_url="https://s/5", title="T", body=tuple(story(5)))
    cleaned = clean_article(article, boilerplate=frozenset({block_fingerprint(BIO)}))
    assert cleaned.body == (*story(5)[:2], OFFER)
    assert clean_article(article).body == tuple(story(5))
