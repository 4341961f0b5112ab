"""Words and shingles: the one tokeniser of extraction, validation and dedupe (pure).

Three ways of cutting text, for three jobs:

- ``words``: case-folded runs of Unicode word characters (``\\w+``), and
  ``shingles``, the overlapping runs of ``size`` of them. Texts are compared
  with these: the extractor's agreement checks
  (``newsbot.extraction.agreement``, ``candidates``) and the dedupe
  signatures (``newsbot.dedupe.signatures``, which first folds the text with
  Unicode NFKC). Punctuation and spacing never make two texts differ.
- ``count_words``: how many words a text has, as stored in
  ``snapshots.word_count`` and checked against ``NEWSBOT_VALIDATE_MIN_WORDS``.
  Tokens are what spaces separate, and a script written without spaces
  (Chinese, Japanese, Thai...) counts from its characters.
- ``change_words``: the words a new version added and removed
  (``newsbot.versions.diff``): case kept, and an apostrophe inside a word
  keeps it whole (``don't``, ``O’Neill``), as a reader counts them.

>>> words("Port Calder's dockers, back at work.")
['port', 'calder', 's', 'dockers', 'back', 'at', 'work']
>>> sorted(shingles(["dockers", "back", "at", "work"]))
[('back', 'at', 'work'), ('dockers', 'back', 'at')]
>>> shingles(["strike", "over"])
frozenset({('strike', 'over')})
"""

from __future__ import annotations

import re
from collections.abc import Sequence

WORD = re.compile(r"\w+")

Shingle = tuple[str, ...]


def words(text: str) -> list[str]:
    """The case-folded ``\\w+`` runs of ``text``."""
    return WORD.findall(text.casefold())


def shingles(tokens: Sequence[str], size: int = 3) -> frozenset[Shingle]:
    """Overlapping ``size``-token windows; fewer tokens than that are one shingle of what there is."""
    if len(tokens) < size:
        return frozenset({tuple(tokens)} if tokens else ())
    return frozenset(zip(*(tokens[start:] for start in range(size))))


# A word as a reader counts a change in it.
CHANGE_WORD = re.compile(r"\w+(?:['’]\w+)*")


def change_words(text: str) -> list[str]:
    """The words of ``text`` as version changes are counted in them."""
    return CHANGE_WORD.findall(text)


# Scripts written without spaces between words: a "token" of them is a whole
# sentence, so its characters are counted instead. Han and kana average about
# two characters a word; Thai, Lao, Khmer and Myanmar about four.
_DENSE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_SPARSE_SCRIPTS = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_CHARS_PER_WORD_DENSE = 2
_CHARS_PER_WORD_SPARSE = 4


def count_words(text: str) -> int:
    """Words in ``text``, for languages with and without spaces between words.

    >>> count_words("Harbour council votes")
    3
    >>> count_words("東京都は十四日、新しい条例を発表した。")
    8
    """
    count = 0
    for token in text.split():
        dense = len(_DENSE_SCRIPTS.findall(token))
        sparse = len(_SPARSE_SCRIPTS.findall(token))
        if dense or sparse:
            count += max(1, dense // _CHARS_PER_WORD_DENSE + sparse // _CHARS_PER_WORD_SPARSE)
        else:
            count += 1
    return count
