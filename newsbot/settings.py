"""Scrapy settings for newsbot, and the defaults of every NEWSBOT_* setting.

Override any of them per crawl with ``scrapy crawl worldnews -s NAME=VALUE``.
The ones an operator usually sets come from the environment too.
"""

import os

from newsbot import __version__
from newsbot.sources import DEFAULT_SOURCES_PATH

BOT_NAME = "newsbot"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Who we are, so site owners can tell us apart and reach the operator.
USER_AGENT = (
    f"newsbot/{__version__} (news archive crawler; "
    f"+{os.environ.get('NEWSBOT_CONTACT', 'contact: set NEWSBOT_CONTACT')})"
)

# Politeness: obey robots.txt, adapt to the server, few requests per site.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# News pages are stateless for us; cookies only invite consent walls.
COOKIES_ENABLED = False
# Bigger pages than this are not news articles; abort the download.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.clean.CleanPipeline": 300,
    "pipelines.store.StorePipeline": 900,
}

# --- newsbot -------------------------------------------------------------

# Sources file the spiders read (TOML; see newsbot/sources.toml).
NEWSBOT_SOURCES = os.environ.get("NEWSBOT_SOURCES", str(DEFAULT_SOURCES_PATH))
# Most URLs taken from one sitemap file, newest first; news sitemaps stay
# well under this, archive sitemaps do not.
NEWSBOT_SITEMAP_MAX_URLS = 1000
# Archive database; unset means newsbot's embedded cluster under NEWSBOT_HOME.
NEWSBOT_DATABASE_URL = os.environ.get("NEWSBOT_DATABASE_URL")
# Pages larger than this are not extracted (and are dropped as too_large).
NEWSBOT_EXTRACT_MAX_BYTES = 5 * 1024 * 1024
# Processes that run extraction off the reactor; 0 extracts in the crawl process.
NEWSBOT_EXTRACT_WORKERS = 0
# Bodies shorter than this many words are not stored as articles.
NEWSBOT_VALIDATE_MIN_WORDS = 40
# Store pipeline on/off and its connection pool size.
NEWSBOT_STORE_ENABLED = True
NEWSBOT_STORE_POOL_SIZE = 4
