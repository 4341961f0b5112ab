"""newsbot: a scheduled news crawler and PostgreSQL archive.

The data flow reads from the folder names: sources config (``newsbot/sources.py``)
→ spiders (``spiders/``) → extraction (``newsbot/extraction``, pure) → pipelines
(``pipelines/``: extract → validate → clean → store) → SQL schema and views
(``newsbot/archive``) → CLI (``newsbot/cli.py``).
"""

__version__ = "0.1.0"
