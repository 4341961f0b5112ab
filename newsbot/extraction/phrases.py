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
    r"|trending(?: now| stories)?|don[’']?t miss|see more|more to explore|editor[’']?s picks"
    r"|ähnliche artikel|das könnte sie auch interessieren|читайте также|похожие (?:статьи|новости)"
    r"|à lire aussi|lire aussi|sur le même sujet|te puede interesar|noticias relacionadas"
    # "Read also", "More on the subject" in the other languages news sites publish in most.
    r"|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|weitere artikel|lees ook|leggi anche"
    r"|lea también|lee también|más noticias|leia também|veja também|notícias relacionadas"
    r"|czytaj (?:też|także|również)|zobacz (?:też|także)|les også|læs også|läs (?:också|även)|se også"
    r"|ilgili haberler|читайте також)"
    # "You may also like...", "Related:", "Read more »"
    r"\s*(?::|\.\.\.|…|»|>+)?$",
    re.IGNORECASE,
)
# An inline pointer to another article: "READ MORE: Title of another story".
RELATED_PREFIX_RE = re.compile(
    r"^(?:(?:read more|read next|related|also read|read also|see also|see more|more|watch|listen|lire aussi"
    r"|читайте также)"
    r"\s*[:|–—-]\s*\S"
    # "Also on rt.com Journalists threatened with...": a link to the site's own story.
    r"|(?:also|more) on [\w-]+(?:\.[\w-]+)+\s+\S)",
    re.IGNORECASE,
)
# A cookie or consent notice, wherever it sits in the sentence.
CONSENT_TEXT_RE = re.compile(
    r"\b(?:uses?|using|use of|utilise|utilisons|verwendet|verwenden|использует)"
    r" (?:the )?(?:cookies?|des cookies|кук)"
    r"|\bcookie (?:policy|settings|preferences|consent)\b|\bwe value your privacy\b"
    # The IAB consent framework's wording, which many banners use without the word "cookie".
    r"|\bstore and/or access information on a device\b|\bwe and our (?:\d+ )?(?:partners|vendors)\b"
    # The placeholder of an embed that waits for consent ("external content", "externer Inhalt").
    r"|\b(?:external|third[- ]party) content\b|\bexterne[nr]? inhalte?\b|\bcontenus? externes?\b",
    re.IGNORECASE,
)
# What a consent notice asks the reader to do.
CONSENT_ACTION_RE = re.compile(
    r"\b(?:accept|agree|consent|opt[- ]out|privacy|settings|preferences|continu(?:e|ing) to (?:use|browse)"
    r"|einverstanden|zustimm\w*|akzeptier\w*|datenschutz\w*|accepte[rz]?)\b",
    re.IGNORECASE,
)
# Buttons and links that close a consent notice.
ACCEPT_BUTTON_RE = re.compile(r"^\s*(?:accept|agree|allow|ok|okay|got it|i understand|consent)", re.IGNORECASE)
