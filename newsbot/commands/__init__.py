"""newsbot's Scrapy commands (the ``COMMANDS_MODULE`` setting): ``crawl`` that tells the truth.

A crawl that cannot start (a sources file with a mistake, a database URL that
is not one, an archive that is down) fails in one line that names the file,
field or value at fault; a failed run exits 1.
"""
