"""The smaller holes: spreadsheet formulas in CSV exports, secret file modes."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest

from newsbot.archive.table_export import ARTICLE_COLUMNS, write_rows


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3",
                                   "@SUM(A1)", "\tcmd"])
def test_a_csv_export_writes_formula_leading_cells_as_text(title):
    row = {column: None for column in ARTICLE_COLUMNS}
    row.update(title=title, authors=["=evil()", "Ann"], body="plain text")
    out = io.StringIO()
    write_rows(iter([row]), ARTICLE_COLUMNS, "csv", out)
    back = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert back["title"] == "'" + title
    assert back["authors"] == "'=evil(); Ann"
    assert back["body"] == "plain text"


def test_a_cell_starting_with_a_carriage_return_is_text_too():
    from newsbot.archive.table_export import _csv_value

    assert _csv_value("\r=cmd") == "'\r=cmd"


def test_the_initdb_password_file_is_never_readable_by_others(tmp_path, monkeypatch):
    from pathlib import Path

    from newsbot.archive import cluster as cluster_module

    modes = {}

    def fake_run(self, program, *args, check=True):
        pwfile = Path(next(a for a in args if a.startswith("--pwfile=")).split("=", 1)[1])
        modes[program] = stat.S_IMODE(pwfile.stat().st_mode)
        raise cluster_module.ClusterError("stop here")

    # Whatever fixes the mode afterwards comes too late: another user can open
    # the file in between and keep reading it.
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)
    monkeypatch.setattr(cluster_module.EmbeddedCluster, "_run", fake_run)
    monkeypatch.setattr(cluster_module.EmbeddedCluster, "_server_account", lambda self: None)
    old_umask = os.umask(0o022)
    try:
        with pytest.raises(cluster_module.ClusterError, match="stop here"):
            cluster_module.EmbeddedCluster(tmp_path / "pg").initialise()
    finally:
        os.umask(old_umask)
    assert modes == {"initdb": 0o600}
    assert not (tmp_path / "pg" / ".initdb-password").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_page_without_bom_is_read_not_dropped(encoding):
    from newsbot.extraction import decode_html, extract_article
    from newsbot.extraction.sniff import page_problem

    html = ("<!doctype html><html lang='en'><head><title>Ferry timetable agreed</title></head>"
            "<body><article><h1>Ferry timetable agreed</h1><p>The harbour council agreed the "
            "winter timetable on Tuesday: Кирилица too.</p></article></body></html>")
    body = html.encode(encoding)
    assert not body.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert page_problem(body, "text/html", 5_000_000) is None
    text = decode_html(body, "text/html")
    assert "Кирилица" in text
    assert extract_article(text, "https://example.org/a").title == "Ferry timetable agreed"


def test_binary_bodies_are_still_binary():
    from newsbot.extraction.sniff import page_problem

    assert page_problem(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "text/html", 5_000_000) \
        == "binary_body"
    assert page_problem(bytes(range(256)) * 4, "text/html", 5_000_000) == "binary_body"
