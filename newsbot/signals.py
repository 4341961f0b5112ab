"""newsbot's own Scrapy signals (sent with ``crawler.signals.send_catch_log``)."""

# A page a listing named was never fetched: a middleware chose not to send
# its request (robots.txt, the same page under another URL in this run...).
# Arguments: ``source`` (the source's name) and ``reason`` (a short word).
# The run recorder counts it as that source's drop, so coverage (stored ÷
# listed) adds up: listed = stored + dropped.
listed_page_not_fetched = object()
