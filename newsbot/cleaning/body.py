"""Text-level body cleaning: what survives DOM pruning and the main-text extractor."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsbot.cleaning.text import comparable, normalize_text
from newsbot.extraction.dates import parse_datetime
from newsbot.extraction.phrases import (
    CONSENT_ACTION_RE,
    CONSENT_TEXT_RE,
    RELATED_HEADING_RE,
    RELATED_PREFIX_RE,
)
from newsbot.extraction.templates import strip_template_blocks

# Ad slot labels and "the story goes on below the ad" notes.
AD_LINE_RE = re.compile(
    r"^(?:advertisement|advertising|advert|ad|ads|sponsored(?: content)?|anzeige|publicité|реклама"
    r"|(?:story|article) continues below(?: (?:this )?(?:ad|advertisement))?|continue reading(?: below)?"
    r"|scroll (?:down )?to continue(?: (?:reading|with content))?)\s*[:.]?$",
    re.IGNORECASE,
)
# Share bars flattened to text: every word is a network or a share verb.
SHARE_WORDS = frozenset(
    "share shares sharing this article post story on via to the tweet facebook twitter x whatsapp email e-mail mail"
    " pinterest linkedin reddit telegram messenger flipboard tumblr pocket print copy link url sms vk viber"
    " click opens in new window threads bluesky mastodon google".split()
)
SHARE_REQUIRED_RE = re.compile(r"\b(?:share|tweet|facebook|twitter|whatsapp|pinterest|linkedin)\b", re.IGNORECASE)
WORD_RE = re.compile(r"[\w-]+")
MAX_SHARE_LINE_CHARS = 250
NEWSLETTER_RE = re.compile(r"\bnewsletters?\b", re.IGNORECASE)
NEWSLETTER_ACTION_RE = re.compile(
    r"\b(?:sign(?:ing)?(?:\s|-)?up|subscribe|inbox|e-?mail|register|delivered|abonnieren|anmelden|s'inscrire"
    r"|inscr[ií]ba?se|iscriviti)\b",
    re.IGNORECASE,
)
# What a paywall says where the text stops: "La suite est réservée aux abonnés.", "Subscribe to continue reading".
PAYWALL_RE = re.compile(
    r"\b(?:réservée? aux abonnés|reserved for subscribers|for subscribers only|subscribers only"
    r"|subscribe to (?:continue|keep) reading|nur für abonnenten|exklusiv für abonnenten|solo para suscriptores"
    r"|riservat[oa] agli abbonati|exclusivo para assinantes)\b",
    re.IGNORECASE,
)
MAX_PAYWALL_CHARS = 250
# The opinion page's disclaimer: "Views expressed here do not necessarily reflect those of the editors."
DISCLAIMER_RE = re.compile(
    r"\b(?:do(?:es)? not|don[’']t|doesn[’']t) necessarily (?:reflect|represent)"
    r"|\bnicht (?:unbedingt |zwingend )?(?:der|die) (?:meinung|haltung|position) der redaktion"
    r"|\bne (?:reflète|représente)nt? pas (?:nécessairement )?(?:l[’']opinion|les opinions|la position)",
    re.IGNORECASE,
)
MAX_DISCLAIMER_CHARS = 300
# A link set off by an arrow (">> More on the rates", "» Our guide").
POINTER_LINE_RE = re.compile(r"^(?:>{1,2}|»|→|►|▶)\s*\S")
# A call for tips: a short line with an address to write to ("Got a story? Email: news@example.com").
TIP_LINE_RE = re.compile(r"\S+@\S+\.\w{2,}")
MAX_TIP_LINE_CHARS = 200
# A credit on a line of its own: "Quelle: AFP", "Photo: Jane Doe / Agency".
CREDIT_LINE_RE = re.compile(r"^(?:quelle|source|foto|photo|bild|grafik|image|credit)s?\s*:\s*\S.{0,40}$", re.IGNORECASE)
# Widget leftovers that are never prose.
WIDGET_LINE_RE = re.compile(
    r"^(?:loading\.*|like this:?|share this:?|related|print|comments?|\d+ comments?|leave a (?:comment|reply)"
    r"|follow us(?: on .{1,60})?|click to (?:share|email|print).{0,60}|tags?:?|filed under:?"
    # "Follow The Site on Google News and add us as a preferred source ..."
    r"|follow [^.!?]{1,40} on (?:google news|x|twitter|facebook|instagram|linkedin|youtube|tiktok|threads"
    r"|bluesky|whatsapp|telegram)\b.{0,140}"
    # Prompts under the text: "Like this story? Share it with a friend!", "Tell us what YOU think..."
    r"|(?:like|liked|enjoy|enjoyed) this (?:story|article|post)\?.{0,60}"
    r"|(?:tell us|let us know) what you think.{0,30}|join the (?:conversation|discussion).{0,30})$",
    re.IGNORECASE,
)
# A WordPress shortcode the theme failed to render: "[button link=...]Send us...[/button]".
# Only with attributes or a closing tag: "[Quran 2:255]" is a citation.
SHORTCODE_LINE_RE = re.compile(
    r"^\[([a-z][\w-]*)\b[^\]]*\].*\[/\1\]$|^\[[a-z][\w-]*\s[^\]]*\w=[^\]]*\]$", re.IGNORECASE
)
# A site footer's "Copyright 2026 Fenby Weekly". Longer notices ("© 2019
# Associated Press. All rights reserved. This material may not be...") come
# with syndicated copy and belong to the article as published.
COPYRIGHT_LINE_RE = re.compile(r"^(?:copyright\b|©|\(c\)\s)[^.]{0,60}\b\d{4}\b[^.]{0,40}\.?$", re.IGNORECASE)
# "By Jane Doe and John Smith - 5 March 2026" left in the text by a byline.
BYLINE_PREFIX_RE = re.compile(r"^(?:by|von|par|por|от|автор)\b", re.IGNORECASE)
BYLINE_FILLER_RE = re.compile(r"(?:\band\b|\bund\b|\bet\b|&|[,;|/•·:()\-–—])+", re.IGNORECASE)
MAX_BYLINE_CHARS = 150
MAX_BYLINE_DATE_WORDS = 8
DATE_HINT_RE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zä]*\.?\b"
    r"|\b(?:ago|updated|published|posted|modified)\b",
    re.IGNORECASE,
)
# A consent notice or newsletter box this long is an article about cookies or newsletters.
MAX_NOTICE_CHARS = 600
MAX_NEWSLETTER_CHARS = 300
# Linked headlines under a "Related posts" heading: short, and not prose.
MAX_LINKED_TITLE_CHARS = 200
MAX_LINKED_TITLES = 12
MAX_POINTER_CHARS = 200
# Short repeats are content (table rows "1", "1").
MIN_REPEAT_CHARS = 30
SENTENCE_END_RE = re.compile(r"[.…]['\"’”»)]*$|\.\s+\S")


# A writer's biography ending the body: short, with an author's name at most this far in.
MAX_BIO_CHARS = 500
MAX_BIO_PARAGRAPHS = 2
BIO_NAME_WITHIN_CHARS = 30
MIN_BIO_NAME_CHARS = 5


# Table-layout furniture. A line with no word character at all ("|", "| | |", "»").
HAS_WORD_RE = re.compile(r"\w")
# A navigation row flattened to text: many short segments between pipes or bullets.
MIN_NAV_ROW_CHARS = 300
MIN_NAV_SEGMENTS = 8
MAX_NAV_SEGMENT_WORDS = 5
# A date or weather bar: "Monday, 3 March 2024 | 12°C Cloudy".
WEATHER_RE = re.compile(r"-?\d{1,2}\s?°\s?[CF]?\b")
MAX_BAR_CHARS = 120
MAX_DATE_LINE_CHARS = 40
# A weekday before the date, in any language: one word and a comma ("Tuesday, ", "Dienstag, ").
LEADING_WEEKDAY_RE = re.compile(r"^[^\W\d_]+,\s*")


def _is_nav_row(text: str) -> bool:
    if len(text) < MIN_NAV_ROW_CHARS:
        return False
    segments = [part.strip() for part in re.split(r"\s*[|•·]\s*", text) if part.strip()]
    return len(segments) >= MIN_NAV_SEGMENTS and all(
        len(part.split()) <= MAX_NAV_SEGMENT_WORDS and SENTENCE_END_RE.search(part) is None for part in segments)


def _is_date_line(text: str) -> bool:
    """A dateline on its own ("7 April 2026", "Tuesday, 7 April 2026"): the date is a field, not text."""
    if len(text) > MAX_DATE_LINE_CHARS:
        return False
    return parse_datetime(text) is not None or parse_datetime(LEADING_WEEKDAY_RE.sub("", text)) is not None


def _is_date_or_weather_bar(text: str) -> bool:
    # Not prose: "It was 35°C on Tuesday." is the article's.
    return len(text) <= MAX_BAR_CHARS and WEATHER_RE.search(text) is not None and (
        SENTENCE_END_RE.search(text) is None and (DATE_HINT_RE.search(text) is not None or "|" in text))


def _is_share_line(text: str) -> bool:
    if len(text) > MAX_SHARE_LINE_CHARS:
        return False
    words = WORD_RE.findall(text.casefold())
    return bool(words) and len(words) <= 20 and SHARE_REQUIRED_RE.search(text) is not None and all(
        w in SHARE_WORDS for w in words
    )


def _is_consent_notice(text: str) -> bool:
    return len(text) <= MAX_NOTICE_CHARS and CONSENT_TEXT_RE.search(text) is not None and (
        CONSENT_ACTION_RE.search(text) is not None
    )


def _is_newsletter_box(text: str) -> bool:
    return len(text) <= MAX_NEWSLETTER_CHARS and NEWSLETTER_RE.search(text) is not None and (
        NEWSLETTER_ACTION_RE.search(text) is not None
    )


def is_byline(text: str, authors: Iterable[str]) -> bool:
    """A short line that is the byline: "By A and B | 5 March 2026", "A, B".

    Without the authors' names, a by-prefix and separators, at most a date
    may remain; "A said on Monday" is prose, "A Performance Recover, 1 cup" a recipe.
    """
    if len(text) > MAX_BYLINE_CHARS:
        return False
    rest = text.casefold()
    named = False
    for name in sorted((a.casefold() for a in authors if a), key=len, reverse=True):
        if name in rest:
            rest, named = rest.replace(name, " "), True
    if not named:
        return False
    rest = BYLINE_FILLER_RE.sub(" ", BYLINE_PREFIX_RE.sub(" ", rest.strip())).strip()
    return not rest or (DATE_HINT_RE.search(rest) is not None and len(rest.split()) <= MAX_BYLINE_DATE_WORDS)


def is_boilerplate_line(text: str) -> bool:
    """A paragraph that is page furniture on its own, wherever it appears."""
    return (
        HAS_WORD_RE.search(text) is None
        or _is_nav_row(text)
        or _is_date_or_weather_bar(text)
        or _is_date_line(text)
        or AD_LINE_RE.match(text) is not None
        or WIDGET_LINE_RE.match(text) is not None
        or SHORTCODE_LINE_RE.match(text) is not None
        or COPYRIGHT_LINE_RE.match(text) is not None
        or _is_share_line(text)
        or _is_consent_notice(text)
        or _is_newsletter_box(text)
        or (len(text) <= MAX_PAYWALL_CHARS and PAYWALL_RE.search(text) is not None)
        or (len(text) <= MAX_DISCLAIMER_CHARS and DISCLAIMER_RE.search(text) is not None)
        or CREDIT_LINE_RE.match(text) is not None
        or (len(text) <= MAX_POINTER_CHARS and POINTER_LINE_RE.match(text) is not None)
        or (len(text) <= MAX_TIP_LINE_CHARS and "?" in text and TIP_LINE_RE.search(text) is not None)
        or (len(text) <= MAX_POINTER_CHARS and RELATED_PREFIX_RE.match(text) is not None)
    )


def _looks_like_linked_title(text: str) -> bool:
    # Headlines do not end with a full stop and are one sentence; prose does and is not.
    return len(text) <= MAX_LINKED_TITLE_CHARS and SENTENCE_END_RE.search(text) is None


def _drop_related_blocks(paragraphs: list[str]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(paragraphs):
        text = paragraphs[index]
        if RELATED_HEADING_RE.match(text):
            index += 1
            skipped = 0
            while (
                index < len(paragraphs)
                and skipped < MAX_LINKED_TITLES
                and _looks_like_linked_title(paragraphs[index])
                and not RELATED_HEADING_RE.match(paragraphs[index])
            ):
                index += 1
                skipped += 1
            continue
        kept.append(text)
        index += 1
    return kept


def clean_body(
    paragraphs: Iterable[str],
    *,
    title: str | None = None,
    authors: Iterable[str] = (),
    boilerplate: frozenset[int] = frozenset(),
) -> tuple[str, ...]:
    """Normalised paragraphs without headline repeats, bylines, related-links blocks and page furniture.

    ``boilerplate``: fingerprints of the site's template blocks, as
    ``newsbot.extraction.templates`` learned them across its pages.
    """
    authors = tuple(authors)
    paragraphs = strip_template_blocks(tuple(paragraphs), boilerplate)
    normalized = [text for paragraph in paragraphs if (text := normalize_text(paragraph))]
    # The headline printed again above the text (often twice: h1 and a bold lead).
    without_title = [text for text in normalized if not _is_headline(text, title)]
    without_related = _drop_related_blocks(without_title)
    cleaned: list[str] = []
    for text in without_related:
        if is_boilerplate_line(text) or is_byline(text, authors):
            continue
        if len(text) >= MIN_REPEAT_CHARS and cleaned and cleaned[-1].casefold() == text.casefold():
            continue  # the same block rendered twice (desktop and mobile markup)
        cleaned.append(text)
    return tuple(_without_author_bio(cleaned, authors))


def _without_author_bio(paragraphs: list[str], authors: tuple[str, ...]) -> list[str]:
    """The body without the writer's biography that ends it ("Jane Doe covers politics for ...").

    A short last paragraph that names one of the article's authors near its
    start is about the writer, not the story. Only the last two paragraphs
    are looked at, and never the body's only one.
    """
    # Full names only: a one-word credit may be a place ("Jane Doe, Nairobi") the story names too.
    names = [name.casefold() for name in authors if len(name) >= MIN_BIO_NAME_CHARS and " " in name.strip()]
    end = len(paragraphs)
    while end > 1 and len(paragraphs) - end < MAX_BIO_PARAGRAPHS:
        text = paragraphs[end - 1]
        opening = text[:BIO_NAME_WITHIN_CHARS + max(map(len, names), default=0)].casefold()
        if len(text) > MAX_BIO_CHARS or not any(0 <= opening.find(name) <= BIO_NAME_WITHIN_CHARS for name in names):
            break
        end -= 1
    return paragraphs[:end]


def _is_headline(text: str, title: str | None) -> bool:
    # Length first: comparing keys of every paragraph would cost more than the rest of cleaning.
    if not title or not title.strip() or abs(len(text) - len(title)) > len(title) // 2 + 10:
        return False
    return comparable(text) == comparable(title)
