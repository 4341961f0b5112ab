"""Scrapy settings for newsbot, and the defaults of every NEWSBOT_* setting.

Override any of them per crawl with ``scrapy crawl worldnews -s NAME=VALUE``.
The ones an operator usually sets come from the environment too.
"""

import os

from scrapy.settings import default_settings as _scrapy_defaults

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
# Outputs of one callback processed at once (Scrapy: 100). Scrapy starts this
# many tasks for every response; newsbot's callbacks yield at most one item
# (a page) next to their requests, so 100 tasks a response were a fifth of the
# crawl process's CPU (benchmarks/throughput.py), for no parallelism.
CONCURRENT_ITEMS = 2
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# News pages are stateless for us; cookies only invite consent walls.
COOKIES_ENABLED = False
# Bigger pages than this are not news articles; abort the download.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# Bytes of responses waiting for the pipelines before downloads pause (Scrapy: 5 MB).
# Each keeps its parsed page until its item is stored: 5 MB of news pages is ~800
# trees and ~150 MB more RSS, and the pipelines, not the downloads, set the pace.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# A dropped item is logged as one line (reason, URL, size), never with the whole page.
LOG_FORMATTER = "newsbot.logformatter.NewsbotLogFormatter"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# `scrapy crawl` that reports a crawl unable to start (sources file, database) in one line.
COMMANDS_MODULE = "newsbot.commands"

EXTENSIONS = {
    # CoreStats that does not assert on a spider whose opening failed.
    "scrapy.extensions.corestats.CoreStats": None,
    "newsbot.extensions.NewsbotCoreStats": 0,
    # A progress bar on a terminal for long crawls (nothing in logs).
    "newsbot.progress.CrawlProgress": 500,
}
# Scrapy's remote control (2.19+): an HTTP server that runs Python code sent to
# it, and a job file in the user's profile. A scheduled crawl has no one to use
# it. Left out of the base list, not set to None in EXTENSIONS: add-ons that
# place an extension (Settings.set_in_component_priority_dict) import every
# EXTENSIONS entry, and its module imports aiohttp (0.2-0.4 s of every start).
EXTENSIONS_BASE = {path: order for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if path != "scrapy.extensions.remote_control.RemoteControl"}
# Draw the crawl's progress bar when stderr is a terminal.
NEWSBOT_PROGRESS_ENABLED = True

REMOTE_CONTROL_ENABLED = False

# Scrapy add-ons: JavaScript rendering (newsbot/render) installs scrapy-playwright;
# distributed mode (newsbot/distributed) installs scrapy-redis when it is on.
ADDONS = {
    # The run recorder (newsbot/archive/run_recorder.py): the crawl_runs row.
    "newsbot.archive.run_recorder.RunRecorderAddon": 0,
    "newsbot.render.RenderAddon": 0,
    "newsbot.distributed.DistributedAddon": 10,
}

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.templates.TemplatesPipeline": 250,
    "pipelines.clean.CleanPipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.store.StorePipeline": 900,
}

DOWNLOADER_MIDDLEWARES = {
    # First of all: no request to a scheme or address the sources did not allow.
    "newsbot.middlewares.address_policy.AddressPolicyMiddleware": 10,
    # Scrapy's retry, with backoff and Retry-After (same place in the chain).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsbot.middlewares.retry.BackoffRetryMiddleware": 550,
    # Before robots.txt (100): a request that needs no fetch needs no robots check either.
    "newsbot.middlewares.dedupe.DedupeRequestsMiddleware": 50,
}

# --- newsbot -------------------------------------------------------------

# First retry pause in seconds; it doubles with each attempt.
NEWSBOT_RETRY_BACKOFF_BASE = 1.0
# Longest pause of one site (its download slot) before a retry; a site whose
# Retry-After asks for more is deferred to the next run.
NEWSBOT_RETRY_MAX_DELAY = 120.0

# Sources file the spiders read (TOML; see newsbot/sources.toml).
NEWSBOT_SOURCES = os.environ.get("NEWSBOT_SOURCES", str(DEFAULT_SOURCES_PATH))
# Most URLs taken from one sitemap file, newest first; news sitemaps stay
# well under this, archive sitemaps do not.
NEWSBOT_SITEMAP_MAX_URLS = 1000
# Sitemap index nesting followed (the configured sitemap is depth 0); news sites use 1 or 2.
NEWSBOT_SITEMAP_MAX_DEPTH = 3
# Sitemap files read per source per run, indexes included.
NEWSBOT_SITEMAP_MAX_FILES = 200
# A sitemap larger than this once unpacked is skipped (the sitemap protocol's own limit).
NEWSBOT_SITEMAP_MAX_BYTES = 50 * 1024 * 1024
# Archive database; unset means newsbot's embedded cluster under NEWSBOT_HOME.
NEWSBOT_DATABASE_URL = os.environ.get("NEWSBOT_DATABASE_URL")
# Pages larger than this are not extracted (and are dropped as too_large).
NEWSBOT_EXTRACT_MAX_BYTES = 5 * 1024 * 1024
# Processes that run extraction off the reactor: "auto" is one per CPU (at most 4);
# 0 extracts in the crawl process, on the reactor thread.
NEWSBOT_EXTRACT_WORKERS = os.environ.get("NEWSBOT_EXTRACT_WORKERS", "auto")
# Bodies shorter than this many words are not stored as articles.
NEWSBOT_VALIDATE_MIN_WORDS = 40
# Site-template learning on/off: text blocks recurring across a site's pages are stripped.
NEWSBOT_TEMPLATES_ENABLED = True
# Distinct pages of a site a block must be seen on to count as its template.
NEWSBOT_TEMPLATES_MIN_PAGES = 3
# Articles between writes of template sightings to the archive.
NEWSBOT_TEMPLATES_FLUSH_ITEMS = 200
# Blocks seen on one page only are forgotten after this many days.
NEWSBOT_TEMPLATES_FORGET_DAYS = 30
# Store pipeline on/off and its connection pool size.
NEWSBOT_STORE_ENABLED = True
NEWSBOT_STORE_POOL_SIZE = 4
# Group commit: most items written in one transaction, and how long (ms) the
# first waits for more; an item's request is crossed off once its batch commits.
NEWSBOT_STORE_BATCH_SIZE = 100
NEWSBOT_STORE_BATCH_MS = 100.0
# Dedupe on/off: canonical URLs, aliases of exact copies, story clusters.
NEWSBOT_DEDUPE_ENABLED = True
# Estimated Jaccard similarity (3-word shingles) at which an article joins an earlier one's story.
NEWSBOT_DEDUPE_THRESHOLD = 0.3
# Most band-sharing articles compared with a new one.
NEWSBOT_DEDUPE_MAX_CANDIDATES = 100
# Do not request URLs that the archive knows as aliases of a stored article.
NEWSBOT_DEDUPE_SKIP_ALIASES = True
# Where items wait while the database is down; unset means $NEWSBOT_HOME/spool.
NEWSBOT_SPOOL_DIR = os.environ.get("NEWSBOT_SPOOL_DIR")
# Seconds between tries to reach a database that went away mid-crawl.
NEWSBOT_STORE_RETRY_INTERVAL = 2.0
# At the end of a crawl, seconds to wait for the database to take the spool.
NEWSBOT_STORE_DRAIN_TIMEOUT = 120.0
# With JOBDIR, the frontier journal (spiders/journal.py) is fsynced every
# this many lines, and rewritten with only its open entries once it holds
# this many lines more than those.
NEWSBOT_JOURNAL_SYNC_EVERY = 200
NEWSBOT_JOURNAL_COMPACT_LINES = 20000
# A run whose share of failed requests (after retries) is above this ends
# `failed` and `scrapy crawl` exits 1; so does a run that asked for pages and fetched none.
NEWSBOT_RUN_MAX_ERROR_SHARE = 0.5
# A fetch equal to one of this many recent versions adds no version (flip-flop guard).
NEWSBOT_VERSIONS_FLIP_FLOP_WINDOW = 5
# Revisit stored articles on their source's recrawl_after schedule.
NEWSBOT_RECRAWL_ENABLED = True
# Most due articles revisited in one run, oldest due first.
NEWSBOT_RECRAWL_MAX_PER_RUN = 5000
# Read feeds, sitemaps and sections; off, a run only revisits due articles
# (the scheduler's hourly recrawl job; also `-a listings=off`).
NEWSBOT_LISTINGS_ENABLED = True

# Extraction-drift alarm (newsbot/drift): per domain, the share of articles with
# a title, body, date and author, compared with the domain's earlier runs.
NEWSBOT_DRIFT_ENABLED = True
# A share falling by at least this much (0.3 = 30 points) below the domain's mean is an alarm.
NEWSBOT_DRIFT_MAX_DROP = 0.3
# Runs that stored fewer articles of a domain than this are neither judged nor history.
NEWSBOT_DRIFT_MIN_ARTICLES = 5
# The domain's mean is taken over at most this many earlier runs.
NEWSBOT_DRIFT_HISTORY_RUNS = 10

# JavaScript rendering of render = "js" sources (newsbot/render); off downloads them as plain HTTP.
NEWSBOT_RENDER_ENABLED = True
# "auto": Playwright's own Chromium if installed, else /usr/bin/chromium; "bundled"; or a path.
NEWSBOT_RENDER_EXECUTABLE = os.environ.get("NEWSBOT_RENDER_EXECUTABLE", "auto")
# Pages rendered at once per scheme, each in a browser context of its own.
NEWSBOT_RENDER_MAX_CONTEXTS = 4
# Seconds one page may spend in the browser (loading, scripts, scrolling); then it fails and is retried.
NEWSBOT_RENDER_TIMEOUT = 30.0
# Browser requests refused: they never carry article text.
NEWSBOT_RENDER_ABORT_RESOURCE_TYPES = ["image", "font", "media"]
# A page is done when no request was in flight for this long (ms)...
NEWSBOT_RENDER_QUIET_MS = 250
# ...or after this many seconds, whichever comes first.
NEWSBOT_RENDER_SETTLE_TIMEOUT = 5.0
# Scrolls to the bottom of a rendered section page, for infinite scroll; 0 never scrolls.
NEWSBOT_RENDER_MAX_SCROLLS = 10

# Distributed mode (newsbot/distributed, deploy/distributed/RUNBOOK.md): workers on one
# machine or many share the request queue and dupefilter in Redis; off, a crawl is one process.
NEWSBOT_DISTRIBUTED_ENABLED = os.environ.get("NEWSBOT_DISTRIBUTED_ENABLED", "False")
# The Redis every worker of a deployment uses.
NEWSBOT_DISTRIBUTED_REDIS_URL = os.environ.get("NEWSBOT_REDIS_URL", "redis://127.0.0.1:6379/0")
# First part of the Redis keys (<prefix>:<spider>:requests ...), so deployments can share a Redis.
NEWSBOT_DISTRIBUTED_KEY_PREFIX = "newsbot"
# A worker stops once the shared queue has been empty and every worker idle this many seconds.
NEWSBOT_DISTRIBUTED_IDLE_CLOSE = 30.0

# `scrapy crawl` exits non-zero when the run failed (newsbot/commands/crawl.py).
COMMANDS_MODULE = "newsbot.commands"
