"""A word-level diff of two versions, paragraph by paragraph, for people to read.

The stored diff (newsbot/versions/diff.py) is line-based, for terminals.
Here paragraphs are aligned first, then the words of each changed pair, so
that a corrected figure shows as one struck word and one inserted word.
A change is *boring* when the versioning would not have counted it (a
timestamp, a comment counter, an ad label: newsbot/versions/normalise.py),
and is labelled so rather than hidden.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from newsbot.versions.diff import summarise_change
from newsbot.versions.normalise import comparable_paragraphs

# Words with the spacing after them, so that joining the tokens gives the text back.
_TOKEN = re.compile(r"\S+\s*|\s+")
# Share of words two paragraphs must have in common (difflib's ratio) to be
# shown as one edited paragraph; below it, one removed and one added.
_ALIKE = 0.5


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class Block:
    """One paragraph (or the headline) of the diff."""
    kind: str  # "same", "changed", "added" or "removed"
    segments: tuple[Segment, ...]
    boring: bool = False


@dataclass(frozen=True)
class VersionDiff:
    title: Block
    body: tuple[Block, ...]
    words_added: int
    words_removed: int
    only_boring: bool
    boring_blocks: int = field(default=0)

    @property
    def changed(self) -> bool:
        return self.title.kind != "same" or any(b.kind != "same" for b in self.body)


def diff_versions(old_title: str, old_body: str, new_title: str, new_body: str) -> VersionDiff:
    title = _diff_paragraph(old_title, new_title)
    old_paragraphs, new_paragraphs = _paragraphs(old_body), _paragraphs(new_body)
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks += [Block("same", (Segment("same", p),)) for p in old_paragraphs[i1:i2]]
        else:
            blocks += _align(old_paragraphs[i1:i2], new_paragraphs[j1:j2])
    summary = summarise_change(old_title, old_body, new_title, new_body)
    changed = [b for b in (title, *blocks) if b.kind != "same"]
    return VersionDiff(
        title=title, body=tuple(blocks),
        words_added=summary.words_added, words_removed=summary.words_removed,
        only_boring=bool(changed) and all(b.boring for b in changed),
        boring_blocks=sum(1 for b in changed if b.boring))


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def _align(old_paragraphs: list[str], new_paragraphs: list[str]) -> list[Block]:
    """A changed stretch: each old paragraph is paired, in order, with the next new one
    that is alike (an edit); unpaired old ones are removed, unpaired new ones added."""
    blocks: list[Block] = []
    position = 0
    for old in old_paragraphs:
        match = next((j for j in range(position, len(new_paragraphs))
                      if _alike(old, new_paragraphs[j])), None)
        if match is None:
            blocks.append(_whole("removed", old))
            continue
        blocks += [_whole("added", p) for p in new_paragraphs[position:match]]
        blocks.append(_diff_paragraph(old, new_paragraphs[match]))
        position = match + 1
    blocks += [_whole("added", p) for p in new_paragraphs[position:]]
    return blocks


def _alike(old: str, new: str) -> bool:
    """Whether two paragraphs are one edited paragraph rather than two different ones."""
    matcher = difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False)
    return matcher.ratio() >= _ALIKE


def _whole(kind: str, paragraph: str) -> Block:
    return Block(kind, (Segment(kind, paragraph),), boring=not comparable_paragraphs([paragraph]))


def _diff_paragraph(old: str, new: str) -> Block:
    if old == new:
        return Block("same", (Segment("same", old),))
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    # Compare words without their trailing spaces, so a reflow is no change.
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in old_tokens],
                                      b=[t.strip() for t in new_tokens], autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "same", "".join(new_tokens[j1:j2]))
            continue
        if tag in ("replace", "delete"):
            _append(segments, "removed", "".join(old_tokens[i1:i2]))
        if tag in ("replace", "insert"):
            _append(segments, "added", "".join(new_tokens[j1:j2]))
    boring = comparable_paragraphs([old]) == comparable_paragraphs([new])
    return Block("changed", tuple(segments), boring=boring)


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))
