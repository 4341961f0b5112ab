"""Pure text cleaning for extracted articles; the "clean" pipeline calls ``clean_article``."""

from newsbot.cleaning.article import clean_article
from newsbot.cleaning.body import clean_body, is_boilerplate_line
from newsbot.cleaning.text import normalize_text
from newsbot.cleaning.title import clean_title

__all__ = ["clean_article", "clean_body", "clean_title", "is_boilerplate_line", "normalize_text"]
