"""newsbot's Scrapy commands (the ``COMMANDS_MODULE`` setting): ``crawl`` that tells the truth."""
