"""Boilerplate phrases shared by DOM pruning (here) and text cleaning (``newsbot.cleaning``).

Each pattern matches a whole, whitespace-squashed line. English plus the
languages our sources publish in most; extend per language as sources arrive.
"""

from __future__ import annotations

import re

# Headings that open a block of links to other articles.
RELATED_HEADING_RE = re.compile(
    r"^(?:related(?: posts?| articles?| stories| news| content| reading| coverage| links)?"
    r"|more (?:stories|news|articles|from .{1,40}|on this(?: topic| story)?|like this)"
    r"|you (?:may|might|will) (?:also )?(?:like|love|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles| reading)?|read (?:more|also|next)|also read|see also"
    r"|(?:most )?popular (?:posts|stories|articles|now)|most (?:read|popular|viewed)"
    r"|trending(?: now| stories)?"
    r"|ähnliche artikel|das könnte sie auch interessieren|читайте также|похожие (?:статьи|новости)"
    r"|à lire aussi|lire aussi|sur le même sujet|te puede interesar|noticias relacionadas)"
    r"\s*:?$",
    re.IGNORECASE,
)
# An inline pointer to another article: "READ MORE: Title of another story".
RELATED_PREFIX_RE = re.compile(
    r"^(?:read more|related|also read|read also|see also|more|watch|listen|lire aussi|читайте также)"
    r"\s*[:|–—-]\s*\S",
    re.IGNORECASE,
)
# A cookie or consent notice, wherever it sits in the sentence.
CONSENT_TEXT_RE = re.compile(
    r"\b(?:uses?|using|use of|utilise|utilisons|verwendet|verwenden|использует)"
    r" (?:the )?(?:cookies?|des cookies|кук)"
    r"|\bcookie (?:policy|settings|preferences|consent)\b|\bwe value your privacy\b",
    re.IGNORECASE,
)
# What a consent notice asks the reader to do.
CONSENT_ACTION_RE = re.compile(
    r"\b(?:accept|agree|consent|opt[- ]out|privacy|settings|preferences|continu(?:e|ing) to (?:use|browse))\b",
    re.IGNORECASE,
)
# Buttons and links that close a consent notice.
ACCEPT_BUTTON_RE = re.compile(r"^\s*(?:accept|agree|allow|ok|okay|got it|i understand|consent)", re.IGNORECASE)
