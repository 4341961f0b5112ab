"""Imported by the extraction processes' fork server (``newsbot.extract_pool``): warm up once.

Every extraction process is forked from that server after this import, so
none of them imports the extraction libraries or builds their lazy tables
again.
"""

from newsbot.extract_pool import warm_up

warm_up()
