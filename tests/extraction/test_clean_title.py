"""clean_title: the headline without the site and section decoration around it."""

from __future__ import annotations

import pytest

from newsbot.cleaning import clean_title


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        pytest.param(
            "Ferry returns | World | london-news-net.preview-domain.com",
            {"host": "london-news-net.preview-domain.com"},
            "Ferry returns",
            id="section-and-host",
        ),
        pytest.param(
            "Ferry returns | World | london-news-net.preview-domain.com",
            {},
            "Ferry returns",
            id="domain-like-suffix-without-hints",
        ),
        pytest.param("Ferry returns - Harbour Gazette", {"site_name": "Harbour Gazette"}, "Ferry returns", id="dash-site"),
        pytest.param("Ferry returns — Harbour Gazette", {"site_name": "Harbour Gazette"}, "Ferry returns", id="em-dash"),
        pytest.param("Ferry returns – Harbour Gazette", {"site_name": "harbour gazette"}, "Ferry returns", id="case"),
        pytest.param("Harbour Gazette | Ferry returns", {"site_name": "Harbour Gazette"}, "Ferry returns", id="prefix"),
        pytest.param("Ferry returns | Transport", {"section": "Transport"}, "Ferry returns", id="section-only"),
        pytest.param("Ferry returns | BBC News", {"host": "www.bbc.co.uk", "site_name": "BBC News"}, "Ferry returns",
                     id="site-name"),
        pytest.param("Ferry returns - BBC", {"host": "www.bbc.co.uk"}, "Ferry returns", id="host-label"),
        pytest.param("COVID-19 cases fall in 9/11 memorial city", {"site_name": "Site"},
                     "COVID-19 cases fall in 9/11 memorial city", id="separators-inside-words"),
        pytest.param("Trump - the interview | Daily Planet", {"site_name": "Daily Planet"}, "Trump - the interview",
                     id="dash-in-headline"),
        pytest.param("Amazon.com - a history of the shop | Retail Weekly", {"site_name": "Retail Weekly"},
                     "Amazon.com - a history of the shop", id="domain-at-start-is-headline"),
        pytest.param("Ferry\u00a0returns\u200b  after  repairs", {}, "Ferry returns after repairs", id="whitespace"),
        pytest.param("“Quoted” headline’s apostrophe | Site", {"site_name": "Site"}, "“Quoted” headline’s apostrophe",
                     id="typographic-quotes-kept"),
        pytest.param("Harbour Gazette", {"site_name": "Harbour Gazette"}, "Harbour Gazette", id="never-empty"),
        pytest.param("", {}, "", id="empty"),
        pytest.param(None, {}, "", id="none"),
    ],
)
def test_clean_title(raw, kwargs, expected):
    assert clean_title(raw, **kwargs) == expected


def test_a_headline_candidate_wins():
    title = "Ferry returns | after repairs | Unknown Network"
    assert clean_title(title, headline_candidates=["Ferry returns | after repairs"]) == "Ferry returns | after repairs"


def test_the_longest_matching_candidate_wins_over_a_logo():
    title = "Harbour Gazette - Ferry returns after repairs"
    candidates = ["Harbour Gazette", "Ferry returns after repairs"]
    assert clean_title(title, headline_candidates=candidates) == "Ferry returns after repairs"


def test_candidates_that_do_not_match_are_ignored():
    assert clean_title("Ferry returns | Harbour Gazette", site_name="Harbour Gazette",
                       headline_candidates=["Something else"]) == "Ferry returns"
