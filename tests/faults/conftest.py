import shutil
import tempfile
from pathlib import Path

import pytest

from newsbot.archive.cluster import EmbeddedCluster
from newsbot.archive.migrate import migrate
from tests.crawl.conftest import fixture_sites, sources_file  # noqa: F401  (shared fixtures)


@pytest.fixture
def own_cluster():
    """A cluster of this test's own: it is stopped and started under the crawl."""
    data_dir = Path(tempfile.mkdtemp(prefix="newsbot-outage-pg-"))
    cluster = EmbeddedCluster(data_dir)
    cluster.ensure_running()
    migrate(cluster.url())
    yield cluster
    cluster.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
