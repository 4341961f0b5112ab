"""The word-level diff: edits inside a paragraph, whole paragraphs, boring changes labelled."""

from newsbot.web.worddiff import diff_versions
from tests.sites.mutable import BODY, CORRECTED


def _body(paragraphs):
    return "\n\n".join(paragraphs)


def test_a_corrected_figure_is_one_struck_and_one_inserted_word():
    diff = diff_versions("Ferry", _body(BODY), "Ferry", _body(CORRECTED))
    edited = [b for b in diff.body if b.kind == "changed"]
    assert len(edited) == 1
    assert [(s.kind, s.text.strip()) for s in edited[0].segments if s.kind != "same"] == [
        ("removed", "four"), ("added", "six")]
    assert [b.kind for b in diff.body][-1] == "added"
    assert diff.words_added == 1 + len(CORRECTED[-1].split()) and diff.words_removed == 1
    assert not diff.only_boring


def test_an_edited_paragraph_is_found_among_replaced_ones():
    old = ["Lead.", "Dropped paragraph about the harbour office hours.", BODY[1]]
    new = ["Lead.", CORRECTED[1], "A new paragraph about the grant."]
    kinds = [(b.kind, b.segments[0].text[:12]) for b in diff_versions("t", _body(old), "t", _body(new)).body]
    assert kinds == [("same", "Lead."), ("removed", "Dropped para"), ("changed", "Councillors "),
                     ("added", "A new paragr")]


def test_timestamps_and_counters_are_labelled_boring():
    diff = diff_versions("Ferry", _body(BODY), "Ferry",
                         _body(["Updated 10:32 GMT", *BODY, "1,204 comments"]))
    changed = [b for b in diff.body if b.kind != "same"]
    assert len(changed) == 2 and all(b.boring for b in changed)
    assert diff.only_boring


def test_a_headline_change_is_not_boring():
    diff = diff_versions("Aldwick keeps its winter ferry", _body(BODY),
                         "Aldwick council saves its winter ferry", _body(BODY))
    assert diff.title.kind == "changed" and not diff.title.boring
    assert all(b.kind == "same" for b in diff.body)
    assert not diff.only_boring and diff.changed
