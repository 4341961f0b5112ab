"""Unknown ids and URLs are 404 pages, malformed parameters 400 pages with the reason,
article text is escaped, and the site cannot change the archive."""

from __future__ import annotations

import psycopg
import pytest

from tests.web.conftest import site_client, store_article

SCRIPT = "<script>document.title='pwned'</script>"


@pytest.mark.parametrize("path", [
    "/articles/999999", "/articles/99999999999999999999999", "/stories/424242",
    "/runs/31337", "/sources/no-such-source", "/no/such/page",
    "/articles/999999/versions/1.json", "/articles?url=https://nowhere.test/x",
])
def test_unknown_things_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text


@pytest.mark.parametrize("path, reason", [
    ("/?page=abc", "page: &#39;abc&#39; is not a whole number"),
    ("/?page=0", "page: 0 is outside 1..10000"),
    ("/?from=2026-13-01", "from: &#39;2026-13-01&#39; is not a date (YYYY-MM-DD)"),
    ("/?from=2026-03-02&to=2026-03-01", "from: the start date is after the end date"),
    ("/?changed=maybe", "changed: &#39;maybe&#39; is not one of"),
    ("/?language=english", "language: &#39;english&#39; is not a two-letter code"),
    ("/?q=a&q=b", "q: given 2 times, expected once"),
    ("/runs?status=exploded", "status: &#39;exploded&#39; is not one of running"),
    ("/articles", "url: missing"),
    ("/?q=ferry&sort=oldest", "sort: &#39;oldest&#39; is not one of newest, relevance"),
])
def test_malformed_parameters_are_400_pages_with_the_reason(client, path, reason):
    response = client.get(path)
    assert response.status_code == 400
    assert reason in response.text


def test_a_diff_of_versions_of_another_article_is_404(client, database_url):
    first = store_article(database_url, "One", "Body one.", url="https://example.test/1")
    store_article(database_url, "Two", "Body two.", url="https://example.test/2")
    response = client.get(f"/articles/{first}?from=1&to=2")
    assert response.status_code == 404
    assert "has no version 2" in response.text
    assert client.get(f"/articles/{first}?from=1").status_code == 400


def test_article_text_is_escaped(client, database_url):
    # The search parser skips tags, so the body has a word to find it by.
    article_id = store_article(database_url, SCRIPT, f"{SCRIPT} ferry")
    for path in (f"/articles/{article_id}", "/?q=ferry", "/"):
        page = client.get(path).text
        assert "<script>" not in page, path
        assert "&lt;script&gt;" in page, path


def test_the_reader_login_cannot_change_the_archive(reader, database_url):
    store_article(database_url, "Kept", "Kept as it is.")
    with psycopg.connect(reader) as conn:
        assert conn.execute("SELECT count(*) FROM latest_articles").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM articles")


def test_a_root_path_prefixes_every_link(reader, database_url):
    article_id = store_article(database_url, "Prefixed", "Behind a proxy.")
    with site_client(reader, root_path="/newsbot") as client:
        page = client.get(f"/newsbot/articles/{article_id}", ).text
    assert 'href="/newsbot/runs"' in page
    assert f'href="/newsbot/articles/{article_id}/versions/' in page


def test_every_page_renders_on_a_small_archive(client, database_url):
    article_id = store_article(database_url, "Ferry", "The ferry runs.")
    for path in ("/", "/?q=ferry", "/?q=ferry&sort=relevance&changed=0", "/sources", "/sources/example", "/runs",
                 f"/articles/{article_id}"):
        assert client.get(path).status_code == 200, path


def test_a_drift_alarm_is_marked_on_the_source_page(client, database_url):
    store_article(database_url, "Ferry", "The ferry runs.")
    with psycopg.connect(database_url) as conn:
        for run_id, with_date, drifted in ((1, 20, []), (2, 20, []), (3, 1, ["date"])):
            conn.execute("INSERT INTO crawl_runs (spider, status) VALUES ('worldnews', 'finished')")
            conn.execute(
                "INSERT INTO extraction_quality (run_id, source, articles, with_title, with_body, "
                "with_date, with_author, drifted_fields, warning) "
                "VALUES (%s, 'example', 20, 20, 20, %s, 20, %s, %s)",
                [run_id, with_date, drifted, "date 0.05 (was 1.00 over 2 runs)" if drifted else None])
    page = client.get("/sources/example").text
    assert page.count('class="alarm"') == 1
    assert "run 3: date 5%: drift alarm" in page
    assert "date 0.05 (was 1.00 over 2 runs)" in page


def test_counts_past_the_cap_say_more_than(client, database_url, monkeypatch):
    monkeypatch.setattr("newsbot.web._articles.COUNT_CAP", 2)
    for n in range(3):
        store_article(database_url, f"Ferry {n}", "The ferry runs.", url=f"https://example.test/{n}")
    assert "<strong>More than 2</strong> articles match" in client.get("/?q=ferry").text
    monkeypatch.setattr("newsbot.web._articles.COUNT_CAP", 3)
    assert "<strong>3</strong> articles match" in client.get("/?q=ferry").text
