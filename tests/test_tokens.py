"""The one tokeniser (newsbot/tokens.py) and the readers that use it."""

from __future__ import annotations

from newsbot.dedupe import signatures
from newsbot.extraction import agreement
from newsbot import validation
from newsbot.archive import writer
from newsbot.tokens import count_words, shingles, words

TEXT = "Port Calder's dockers, back at WORK on Thursday."


def test_words_are_case_folded_word_runs():
    assert words(TEXT) == ["port", "calder", "s", "dockers", "back", "at", "work", "on", "thursday"]


def test_shingles_are_overlapping_windows_and_a_short_text_is_one():
    assert shingles(["a", "b", "c", "d"]) == {("a", "b", "c"), ("b", "c", "d")}
    assert shingles(["a", "b"]) == {("a", "b")}
    assert shingles([]) == frozenset()


def test_extraction_and_dedupe_cut_text_with_it():
    assert agreement.shingles(TEXT) == shingles(words(TEXT))
    # dedupe first folds compatibility forms (full-width letters, ligatures)
    assert signatures.words("Ｗｏｒｋ ﬁnds") == words("Work finds")
    assert signatures.shingles(words(TEXT)) == {" ".join(s).encode() for s in shingles(words(TEXT))}


def test_word_counts_work_without_spaces():
    assert count_words("Harbour council votes on ferry fares") == 6
    assert count_words("東京都は十四日、新しい条例を発表した。") == 8
    assert count_words("ประชุมสภาเมืองวันนี้") == 5
    # The stages that count words (validate, the archive writer) use this one.
    assert validation.count_words is count_words and writer.count_words is count_words


def test_version_changes_count_words_as_a_reader_does():
    from newsbot.tokens import change_words
    from newsbot.versions.diff import summarise_change

    assert change_words("Don't close O’Neill's ferry") == ["Don't", "close", "O’Neill's", "ferry"]
    assert summarise_change("T", "Don't close the ferry", "T", "Do close the ferry").size == 2
