"""Daily Harbor: a WordPress news theme with Yoast-style sitemaps and Jetpack-style extras, no JSON-LD."""

from __future__ import annotations

from ._markup import (attr, esc, page, paginate, robots_txt, rss_feed,
                      sitemap_index, urlset, modified)
from ._model import BuiltSite, ExpectedArticle, SourceEntry, Story, human_date, slugify
from ._server import SiteBuilder

NAME = "dailyharbor"
SITE_NAME = "Daily Harbor"
SECTION = "World"
DISALLOWED = "/private/"
COOKIE_TEXT = ("This website uses cookies to improve your experience. You can change your cookie "
               "settings at any time from the link at the foot of every page.")


def build(base: str, stories: list[Story], page_size: int) -> BuiltSite:
    return _DailyHarbor(base, stories, page_size).build()


def story_path(story: Story) -> str:
    if story.restricted:
        return f"{DISALLOWED}{story.slug}/"
    day = story.published_at
    return f"/{day:%Y/%m/%d}/{story.slug}/"


class _DailyHarbor(SiteBuilder):
    def __init__(self, base: str, stories: list[Story], page_size: int) -> None:
        super().__init__(base, stories, page_size)
        self.tags = sorted({tag for s in self.stories for tag in s.tags})
        self.authors = sorted({name for s in self.stories for name in s.authors})
        self.public_position = {s.slug: i for i, s in enumerate(self.public)}

    def build(self) -> BuiltSite:
        add = self.routes.add
        self.routes.add_fixed("/robots.txt", robots_txt(DISALLOWED, [self.url("/sitemap_index.xml")]))
        self.routes.add_fixed("/wp-content/themes/harborpress/style.css",
                              page("body { font-family: Georgia, serif; }\n", "text/css"))
        self._listing_route("/", "Latest news", self.public[:10], None)
        pages = paginate(self.stories, self.page_size)
        for number, chunk in enumerate(pages, start=1):
            path = "/category/world/" if number == 1 else f"/category/world/page/{number}/"
            newer = None if number == 1 else ("/category/world/" if number == 2
                                              else f"/category/world/page/{number - 1}/")
            older = f"/category/world/page/{number + 1}/" if number < len(pages) else None
            self._listing_route(path, f"Category: {SECTION}", chunk, (newer, older))
        for tag in self.tags:
            tagged = [s for s in self.public if tag in s.tags][:self.page_size]
            self._listing_route(f"/tag/{slugify(tag)}/", f"Tag: {tag}", tagged, None)
        for name in self.authors:
            written = [s for s in self.public if name in s.authors][:self.page_size]
            self._listing_route(f"/author/{slugify(name)}/", f"Author: {name}", written, None)
        add("/about/", self._about_page)
        add("/wp-login.php", self._login_page)
        self.non_articles += [self.url("/about/"), self.url("/wp-login.php")]
        add("/feed/", lambda: rss_feed(SITE_NAME, self.url("/"), "News from the harbour towns and beyond",
                                       [(self.url(story_path(s)), s) for s in self.public]))
        add("/sitemap_index.xml", lambda: sitemap_index(
            [(self.url("/post-sitemap.xml"), self.stories[0].published_at),
             (self.url("/page-sitemap.xml"), None)]))
        add("/post-sitemap.xml", lambda: urlset(
            [(self.url(story_path(s)), modified(s.published_at)) for s in self.stories]))
        add("/page-sitemap.xml", lambda: urlset([(self.url("/"), None), (self.url("/about/"), None)]))
        for index, story in enumerate(self.stories):
            add(story_path(story), lambda s=story, i=index: page(self._article(s, i)))
        source = SourceEntry(name=NAME, site_name=SITE_NAME, home=self.url("/"), language="en",
                             feeds=(self.url("/feed/"),), sitemaps=(self.url("/sitemap_index.xml"),),
                             sections=(self.url("/category/world/"),))
        return BuiltSite(
            name=NAME, routes=self.routes, source=source, non_article_urls=self.non_articles,
            articles=[self._expected(s) for s in self.public],
            disallowed_urls=[self.url(story_path(s)) for s in self.stories if s.restricted])

    def _expected(self, story: Story) -> ExpectedArticle:
        return ExpectedArticle(site=NAME, url=self.url(story_path(story)), title=story.title,
                               authors=story.authors, published_at=story.published_at,
                               section=SECTION, language="en", body=story.body)

    # -- page chrome -------------------------------------------------------

    def _head(self, title: str, extra: str = "") -> str:
        return (f'<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{esc(title)}</title>\n{extra}"
                f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" '
                f'href="{self.url("/feed/")}">\n'
                f'<link rel="stylesheet" href="{self.url("/wp-content/themes/harborpress/style.css")}">\n'
                f"</head>\n")

    def _masthead(self) -> str:
        nav = "".join(f'<li class="menu-item"><a href="{self.url(path)}">{label}</a></li>' for path, label in
                      (("/", "Home"), ("/category/world/", SECTION), ("/tag/economy/", "Economy"),
                       ("/about/", "About"), ("/wp-login.php", "Log in")))
        return (f'<div id="page" class="site">\n<a class="skip-link screen-reader-text" href="#content">'
                f'Skip to content</a>\n<header id="masthead" class="site-header">\n'
                f'<div class="site-branding"><p class="site-title"><a href="{self.url("/")}" rel="home">'
                f'{SITE_NAME}</a></p><p class="site-description">News from the harbour towns and beyond'
                f'</p></div>\n<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" '
                f'class="menu">{nav}</ul></nav>\n</header>\n<div id="content" class="site-content">\n')

    def _sidebar_and_footer(self) -> str:
        recent = "".join(f'<li><a href="{self.url(story_path(s))}">{esc(s.title)}</a></li>'
                         for s in self.public[:5])
        cloud = " ".join(f'<a href="{self.url(f"/tag/{slugify(t)}/")}" class="tag-cloud-link">{esc(t)}</a>'
                         for t in self.tags)
        return (f'<aside id="secondary" class="widget-area">\n<section class="widget widget_search">'
                f'<form role="search" method="get" class="search-form" action="{self.url("/")}">'
                f'<label>Search for: <input type="search" class="search-field" name="s"></label>'
                f'<input type="submit" class="search-submit" value="Search"></form></section>\n'
                f'<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>'
                f"<ul>{recent}</ul></section>\n<section class=\"widget widget_tag_cloud\"><h2 "
                f'class="widget-title">Tags</h2><div class="tagcloud">{cloud}</div></section>\n</aside>\n'
                f'</div>\n<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2026 '
                f'{SITE_NAME}. Proudly powered by WordPress | Theme: HarborPress.</div></footer>\n</div>\n'
                f'<div id="cookie-law-info-bar" class="cli-bar-container"><span>{esc(COOKIE_TEXT)} '
                f'<a role="button" class="cli_action_button cli-accept-button">Accept</a> '
                f'<a href="{self.url("/about/")}" class="cli-plugin-main-link">Read More</a></span></div>\n'
                f"</body>\n</html>\n")

    # -- pages -------------------------------------------------------------

    def _listing_route(self, path: str, heading: str, stories, pager) -> None:
        self.non_articles.append(self.url(path))
        self.routes.add(path, lambda: page(self._listing(heading, stories, pager)))

    def _listing(self, heading: str, stories, pager) -> str:
        newer, older = pager or (None, None)
        links = ""
        if older:
            links += f'<link rel="next" href="{self.url(older)}">\n'
        if newer:
            links += f'<link rel="prev" href="{self.url(newer)}">\n'
        items = "".join(
            f'<article class="post type-post hentry"><header class="entry-header"><h2 class="entry-title">'
            f'<a href="{self.url(story_path(s))}" rel="bookmark">{esc(s.title)}</a></h2><div class="entry-meta">'
            f'<time class="entry-date published" datetime="{s.published_at.isoformat()}">'
            f'{human_date(s.published_at)}</time></div></header><div class="entry-summary"><p>'
            f"{esc(s.summary)}</p></div></article>\n" for s in stories)
        nav = ""
        if older:
            nav += f'<div class="nav-previous"><a href="{self.url(older)}">Older posts</a></div>'
        if newer:
            nav += f'<div class="nav-next"><a href="{self.url(newer)}">Newer posts</a></div>'
        return (self._head(f"{heading} | {SITE_NAME}", links) + '<body class="archive">\n' + self._masthead()
                + f'<div id="primary" class="content-area"><main id="main" class="site-main">\n<header '
                f'class="page-header"><h1 class="page-title">{esc(heading)}</h1></header>\n{items}'
                f'<nav class="navigation posts-navigation"><div class="nav-links">{nav}</div></nav>\n'
                "</main></div>\n" + self._sidebar_and_footer())

    def _simple_page(self, title: str, inner: str) -> str:
        return (self._head(f"{title} | {SITE_NAME}") + '<body class="page">\n' + self._masthead()
                + '<div id="primary" class="content-area"><main id="main" class="site-main">\n'
                f'<article class="page type-page"><h1 class="entry-title">{title}</h1><div class="entry-content">'
                f"{inner}</div></article>\n</main></div>\n" + self._sidebar_and_footer())

    def _about_page(self):
        return page(self._simple_page("About", (
            "<p>Daily Harbor is an independent newspaper for the harbour towns of the Calder coast. "
            "Our reporters cover councils, courts, shipping, schools and the people who keep the "
            "coast running.</p><p>Send news tips to the newsroom on Quay Road, or call in any weekday "
            "morning.</p>")))

    def _login_page(self):
        return page(self._simple_page("Log In", (
            f'<form name="loginform" id="loginform" action="{self.url("/wp-login.php")}" method="post">'
            '<p><label for="user_login">Username or Email Address</label><input type="text" name="log" '
            'id="user_login"></p><p><label for="user_pass">Password</label><input type="password" '
            'name="pwd" id="user_pass"></p><p><input type="submit" name="wp-submit" value="Log In"></p>'
            "</form><p>Lost your password?</p>")))

    def _article(self, story: Story, index: int) -> str:
        url = self.url(story_path(story))
        stamp = story.published_at.isoformat()
        meta = (f'<link rel="canonical" href="{url}">\n<meta property="og:locale" content="en_US">\n'
                f'<meta property="og:type" content="article">\n'
                f'<meta property="og:title" content="{attr(story.title)}">\n'
                f'<meta property="og:description" content="{attr(story.summary)}">\n'
                f'<meta property="og:url" content="{url}">\n<meta property="og:site_name" content="{SITE_NAME}">\n'
                f'<meta property="article:published_time" content="{stamp}">\n'
                f'<meta property="article:modified_time" content="{modified(story.published_at).isoformat()}">\n'
                f'<meta property="article:section" content="{SECTION}">\n'
                + "".join(f'<meta property="article:tag" content="{attr(t)}">\n' for t in story.tags)
                + f'<meta name="author" content="{attr(", ".join(story.authors))}">\n')
        byline = " and ".join(f'<span class="author vcard"><a class="url fn n" href="'
                              f'{self.url(f"/author/{slugify(n)}/")}">{esc(n)}</a></span>' for n in story.authors)
        position = self.public_position.get(story.slug, 0)
        related = [self.public[(position + k) % len(self.public)] for k in range(1, 4)]
        related_html = "".join(f'<li class="jp-relatedposts-post"><a href="{self.url(story_path(r))}">'
                               f"{esc(r.title)}</a></li>" for r in related)
        paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in story.body)
        tags = ", ".join(f'<a href="{self.url(f"/tag/{slugify(t)}/")}" rel="tag">{esc(t)}</a>' for t in story.tags)
        bios = "".join(f'<div class="author-bio"><h2 class="author-title">About {esc(n)}</h2><p class='
                       f'"author-description">{esc(n)} reports on the harbour towns for {SITE_NAME} and '
                       f"can be reached through the newsroom.</p></div>\n" for n in story.authors)
        return (self._head(f"{story.title} | {SECTION} | {SITE_NAME}", meta)
                + '<body class="post-template-default single single-post single-format-standard">\n'
                + self._masthead()
                + f'<div id="primary" class="content-area"><main id="main" class="site-main">\n'
                f'<article id="post-{index + 100}" class="post type-post status-publish hentry category-world">\n'
                f'<header class="entry-header"><div class="entry-categories"><a href="{self.url("/category/world/")}"'
                f' rel="category tag">{SECTION}</a></div>\n<h1 class="entry-title">{esc(story.title)}</h1>\n'
                f'<div class="entry-meta"><span class="byline">By {byline}</span> <span class="posted-on">'
                f'<time class="entry-date published" datetime="{stamp}">{human_date(story.published_at)}'
                f"</time></span></div></header>\n<div class=\"entry-content\">\n{paragraphs}\n"
                '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>'
                '<li><a class="share-facebook" href="#share-facebook">Facebook</a></li>'
                '<li><a class="share-twitter" href="#share-x">X</a></li></ul></div>\n'
                '<div class="newsletter-box"><h4>Sign up for our newsletter</h4><p>Get the harbour news in '
                'your inbox every morning.</p><form><input type="email" placeholder="Email address">'
                '<button type="submit">Subscribe</button></form></div>\n'
                f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
                f"Related posts</h3><ul>{related_html}</ul></div>\n</div>\n"
                f'<footer class="entry-footer"><span class="tags-links">Tagged {tags}</span></footer>\n'
                f"</article>\n{bios}"
                f'<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on '
                f"&ldquo;{esc(story.title)}&rdquo;</h2><ol class=\"comment-list\"><li class=\"comment\">"
                "<p>Good to see this covered properly. Thanks for the report.</p></li><li class=\"comment\">"
                "<p>Does anyone know if there will be a public meeting about this?</p></li></ol>"
                '<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>'
                '<form class="comment-form"><textarea name="comment"></textarea><input type="submit" '
                'value="Post Comment"></form></div></div>\n</main></div>\n' + self._sidebar_and_footer())
