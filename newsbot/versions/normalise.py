"""The text a content hash is taken over: the article minus what changes without news.

Pages re-render on every request: "Updated 5 minutes ago", "1,204 comments",
a rotating ad label, a consent banner that slipped past cleaning. Hashing
those would make every recrawl a "new version". What is left is what a
reader would call the story: the headline and the paragraphs.
"""

from __future__ import annotations

import re
import unicodedata

# Whole paragraphs that are page furniture, not story.
_BORING_PARAGRAPH = re.compile(
    r"""^(
        (last\s+)?(updated|modified|published)\b[^.]{0,60}   # "Updated 10:32 GMT, 3 March"
      | \d+\s+(minutes?|hours?|days?)\s+ago
      | advertisement|sponsored(\s+content)?|ad
      | [\d,.]+[km]?\s+(comments?|shares?|views?|reads?)
      | (share|comments?)(\s*[:(]?\s*[\d,.]+[km]?\)?)?
      | this\s+(web)?site\s+uses\s+cookies.*
      | we\s+use\s+cookies.*
    )\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Fragments inside a paragraph that change on every render.
_VOLATILE_FRAGMENT = re.compile(
    r"""\(?\b(
        (last\s+)?updated:?\s+\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s+[A-Z]{2,4})?
      | \d+\s+(minutes?|hours?)\s+ago
    )\b\)?""",
    re.IGNORECASE | re.VERBOSE,
)


def comparable_paragraphs(paragraphs: tuple[str, ...] | list[str]) -> list[str]:
    kept = []
    for paragraph in paragraphs:
        text = " ".join(unicodedata.normalize("NFKC", paragraph).split())
        if not text or _BORING_PARAGRAPH.match(text):
            continue
        text = " ".join(_VOLATILE_FRAGMENT.sub(" ", text).split())
        if text:
            kept.append(text)
    return kept


def comparable_text(title: str | None, paragraphs: tuple[str, ...] | list[str]) -> str:
    """Title and body as compared between versions; a headline change alone counts."""
    heading = " ".join(unicodedata.normalize("NFKC", title or "").split())
    return "\n".join([heading, *comparable_paragraphs(paragraphs)])
