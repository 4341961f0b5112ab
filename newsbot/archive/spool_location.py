"""Which spool folder belongs to the archive a crawl writes into.

``<NEWSBOT_SPOOL_DIR>/<dbname>-<archive_id>/<spider>/``: the archive's id
comes from its ``archive_identity`` table (migration 0009), so a crawl of one database
never drains the items another database's crawl left behind. Those, and the
pickle files of the spool's first format (folders directly under the spool
directory, which belong to no known archive), are reported, counted and
left alone.

Stats written: ``newsbot/store/spool_other_archives`` (items waiting for
another archive), ``newsbot/store/spool_legacy`` (old pickle files).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from newsbot.archive.queries import load_query
from newsbot.archive.spool import Spool

logger = logging.getLogger(__name__)
_ARCHIVE_KEY = re.compile(r"^.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


async def archive_key(writer) -> str:
    """``<dbname>-<archive_id>``: the name of this archive's spool folder."""
    async with writer.pool.connection() as conn:
        cursor = await conn.execute(load_query("archive_id"))
        key = (await cursor.fetchone())[0]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", key)  # a folder name, whatever the database's


async def archive_spool(writer, spool_dir: Path, spider: str,
                        count: Callable[[str, int], None]) -> Spool:
    own = await archive_key(writer)
    spool = Spool(Path(spool_dir) / own / spider)
    report_foreign_spools(Path(spool_dir), own, count)
    return spool


def report_foreign_spools(spool_dir: Path, own_id: str,
                          count: Callable[[str, int], None]) -> None:
    if not spool_dir.is_dir():
        return
    for folder in sorted(p for p in spool_dir.iterdir() if p.is_dir()):
        if folder.name == own_id:
            continue
        if _ARCHIVE_KEY.match(folder.name):
            waiting = sum(1 for _ in folder.glob("*/*.json"))
            if waiting:
                count("spool_other_archives", waiting)
                logger.warning("%d spooled item(s) in %s belong to another archive (%s); "
                               "they are written only by a crawl of that database",
                               waiting, folder, folder.name)
        else:
            legacy = sum(1 for _ in folder.glob("*.item"))
            if legacy:
                count("spool_legacy", legacy)
                logger.warning("%d spooled item(s) of the old pickle format in %s are not "
                               "written: which archive they belong to is unknown (see "
                               "docs/durability.md)", legacy, folder)
