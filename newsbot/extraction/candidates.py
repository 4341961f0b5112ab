"""When the fast body looks wrong, and which fuller candidate to take instead.

The body comes from trafilatura's fast mode, which skips trafilatura's own
fallback comparison. On most pages that costs nothing; on some it takes a
menu, a link list or one paragraph of a longer article. Other candidates on
the same page say so: the readability judge and the JSON-LD ``articleBody``
hold far more text that contains the body, or the judge found a different
block altogether. Then trafilatura runs again in its default mode, and the
fullest candidate that agrees with the others is kept.

Only text measures are used (lengths, shared shingles, link share): nothing
here knows a site.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from newsbot.extraction.agreement import Shingle, shingle_set

# A body shorter than this is checked against the judge even when its
# edges are prose: one lone paragraph is how a lost article looks.
SHORT_BODY_CHARS = 2000
# Another candidate "far longer": this many times the body's characters.
FULLER_RATIO = 2.0
# The fuller candidate must hold this share of the body's shingles, so that
# it is the same article continued, not another block of the page.
MIN_BODY_INSIDE_FULLER = 0.6
# The body and the judge are "far apart" when neither holds this share of
# the other's shingles (and the judge has real text).
MAX_APART_SHARE = 0.3
MIN_JUDGE_CHARS = 400
# The default-mode result replaces the fast one when it is this much longer
# and holds this share of the judge (or, without judge, of the body).
MIN_GAIN_RATIO = 1.3
MIN_AGREEMENT = 0.5


def chars(paragraphs: Sequence[str]) -> int:
    return sum(len(text) for text in paragraphs)


def _inside(part: AbstractSet[Shingle], whole: AbstractSet[Shingle]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def needs_second_look(body: Sequence[str], *, link_heavy: bool, jsonld: Sequence[str] = ()) -> bool:
    """Whether the fast body is worth checking against the other candidates at all.

    A short or link-heavy body always is; a longer one when the JSON-LD
    ``articleBody`` (free to compare) is far longer than it.
    """
    return link_heavy or chars(body) < SHORT_BODY_CHARS or chars(jsonld) >= FULLER_RATIO * chars(body)


def fast_body_looks_wrong(body: Sequence[str], judge: Sequence[str], jsonld: Sequence[str],
                          *, link_heavy: bool) -> bool:
    """Link-heavy, far shorter than a candidate that contains it, or far from the judge."""
    if link_heavy:
        return True
    body_shingles = shingle_set(body)
    for candidate in (judge, jsonld):
        if chars(candidate) >= FULLER_RATIO * max(chars(body), 1) and (
            not body_shingles or _inside(body_shingles, shingle_set(candidate)) >= MIN_BODY_INSIDE_FULLER
        ):
            return True
    if chars(judge) >= MIN_JUDGE_CHARS:
        judge_shingles = shingle_set(judge)
        if (_inside(body_shingles, judge_shingles) < MAX_APART_SHARE
                and _inside(judge_shingles, body_shingles) < MAX_APART_SHARE):
            return True
    return False


def fuller_body(body: Sequence[str], full: Sequence[str], judge: Sequence[str],
                jsonld: Sequence[str]) -> list[str]:
    """The body to keep once the fast one looked wrong: trafilatura's default mode, the judge or JSON-LD.

    The default-mode result wins if it is clearly longer and agrees with the
    judge; failing that, the longest of judge and JSON-LD that contains the
    body and is far longer; failing that, the fast body stays.
    """
    reference = shingle_set(judge) or shingle_set(body)
    if chars(full) >= MIN_GAIN_RATIO * chars(body) and (
        not reference or _inside(reference, shingle_set(full)) >= MIN_AGREEMENT
    ):
        return list(full)
    body_shingles = shingle_set(body)
    for candidate in sorted((judge, jsonld), key=chars, reverse=True):
        if chars(candidate) >= FULLER_RATIO * max(chars(body), 1) and (
            _inside(body_shingles, shingle_set(candidate)) >= MIN_BODY_INSIDE_FULLER
        ):
            return list(candidate)
    return list(body)
