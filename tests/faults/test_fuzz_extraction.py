"""Extraction never raises, whatever the page: generated malformed pages, 1,000 per run.

benchmarks/faults.py runs 10,000 and reports the time per page.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.cleaning import clean_article
from newsbot.extraction import decode_html, extract_article
from newsbot.extraction.article import Article
from tests.faults.malformed import malformed_page


@settings(max_examples=1000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_malformed_pages_never_crash_extraction(rng):
    html = malformed_page(rng)
    article = extract_article(html, "https://news.example/2026/03/14/story")
    assert isinstance(article, Article)
    assert isinstance(clean_article(article), Article)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=4096), st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                                                   "text/html; charset=nonsense", "image/png"]))
def test_arbitrary_bytes_decode_and_extract(body, content_type):
    article = extract_article(decode_html(body, content_type), "https://news.example/a")
    assert isinstance(article, Article)
