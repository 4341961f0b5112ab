"""newsbot's Scrapy commands (``COMMANDS_MODULE``): ``scrapy crawl`` that fails in one line.

A sources file with a mistake, a database URL that is not one, or an archive
that is down when the crawl starts stop the crawl before its first request.
Scrapy would report each as a 20-line traceback under "Task exception was
never retrieved" (and, for the archive, one more from CoreStats); here each is
the one line that names the file, field or value at fault, and exit status 1.
"""
