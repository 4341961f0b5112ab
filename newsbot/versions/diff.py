"""What changed between two versions of an article, in words and as a readable diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from newsbot.tokens import change_words


@dataclass(frozen=True)
class ChangeSummary:
    words_added: int
    words_removed: int
    title_changed: bool
    # Unified diff of the paragraphs, the title first, for people to read.
    diff: str

    @property
    def size(self) -> int:
        return self.words_added + self.words_removed


def summarise_change(old_title: str, old_body: str, new_title: str, new_body: str
                     ) -> ChangeSummary:
    old_words = change_words(f"{old_title}\n{old_body}")
    new_words = change_words(f"{new_title}\n{new_body}")
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return ChangeSummary(
        words_added=added,
        words_removed=removed,
        title_changed=old_title.strip() != new_title.strip(),
        diff=unified_diff(old_title, old_body, new_title, new_body),
    )


def unified_diff(old_title: str, old_body: str, new_title: str, new_body: str,
                 old_label: str = "before", new_label: str = "after") -> str:
    old_lines = [f"# {old_title}", *_paragraphs(old_body)]
    new_lines = [f"# {new_title}", *_paragraphs(new_body)]
    return "\n".join(difflib.unified_diff(old_lines, new_lines, old_label, new_label,
                                          n=1, lineterm=""))


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]
