"""``scrapy crawl worldnews``: world news from the outlets in the sources file."""

from spiders.base import SourcesSpider


class WorldNewsSpider(SourcesSpider):
    name = "worldnews"
