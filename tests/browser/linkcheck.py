"""Check that every internal link and fragment of a built site resolves, without a network.

Each HTML file is parsed once with `html.parser`: we keep the ids it defines and the URLs it
references. A reference is internal when it has no scheme and no host, or when it starts with
the site's own absolute URL (canonical links, hreflang alternates). Internal references must
name an existing file (a folder means its `index.html`) inside the site, and a `#fragment`
must be an id (or an `<a name>`) of the target page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that make the browser request or navigate to a URL, per element.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "use": ("href", "xlink:href"),
}


@dataclass
class ParsedPage:
    """What one HTML file defines (ids) and references (URLs with their line numbers)."""

    ids: set[str] = field(default_factory=set)
    refs: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tag, url)
    base: str | None = None


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A reference that does not resolve: where it is, what it says and why it fails."""

    source: str
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.url!r}: {self.reason}"


class _Collector(HTMLParser):
    """Collect ids and URL references of one document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.page.base = values["href"]
        line = self.getpos()[0]
        for attr in URL_ATTRIBUTES.get(tag, ()):
            if attr not in values:
                continue
            urls = _srcset_urls(values[attr]) if attr == "srcset" else [values[attr]]
            self.page.refs.extend((line, tag, url.strip()) for url in urls)

    handle_startendtag = handle_starttag


def _srcset_urls(srcset: str) -> list[str]:
    """Return the URLs of a srcset attribute (each candidate is 'URL [descriptor]')."""
    return [part.split()[0] for part in srcset.split(",") if part.split()]


def parse_html(text: str) -> ParsedPage:
    """Return the ids and references of one HTML document."""
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.page


def page_url(site: Path, path: Path) -> str:
    """Return the root-relative URL of a file of the site, e.g. '/gazette/index.html'."""
    return "/" + path.relative_to(site).as_posix()


def resolve(site: Path, url_path: str) -> Path | None:
    """Return the file a root-relative URL path serves, or None if there is none."""
    relative = unquote(url_path).lstrip("/")
    target = (site / relative) if relative else site
    try:
        target.resolve().relative_to(site.resolve())
    except ValueError:
        return None  # '..' climbed out of the site
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class SiteLinks:
    """Parse a built site once and answer which of its internal links are broken."""

    def __init__(self, site: Path, site_url: str = "") -> None:
        self.site = site
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.pages: dict[Path, ParsedPage] = {}
        for path in sorted(site.rglob("*.html")):
            self.pages[path] = parse_html(path.read_text(encoding="utf-8", errors="replace"))

    def _internal_path(self, absolute: str) -> str | None:
        """Return the root-relative path of a resolved URL, or None if it is external."""
        if self.site_url and absolute.startswith(self.site_url):
            return "/" + absolute[len(self.site_url) :]
        parts = urlsplit(absolute)
        return None if parts.scheme or parts.netloc else absolute

    def check_ref(self, source: Path, url: str) -> str | None:
        """Return why `url` written in `source` does not resolve, or None if it does."""
        if not url or url.startswith(("mailto:", "tel:", "data:", "javascript:")):
            return "javascript: URL" if url.startswith("javascript:") else None
        if url.startswith("//"):
            # Written as if internal but read as a host name: '//en/' would fetch http://en/.
            return f"protocol-relative URL points to host {urlsplit(url).netloc!r}"
        base = self.pages[source].base or page_url(self.site, source)
        internal = self._internal_path(urljoin(base, url))
        if internal is None:
            return None  # an outside link: the browser tests prove none is requested
        parts = urlsplit(internal)
        target = resolve(self.site, parts.path)
        if target is None:
            return "no such file in the site"
        fragment = unquote(parts.fragment)
        if not fragment or target.suffix != ".html":
            return None
        if fragment not in self.pages[target].ids:
            return f"no id {fragment!r} in {target.relative_to(self.site).as_posix()}"
        return None

    def broken(self) -> list[BrokenLink]:
        """Return every broken internal reference of the site, sorted."""
        problems = []
        for source, page in self.pages.items():
            for line, _tag, url in page.refs:
                reason = self.check_ref(source, url)
                if reason:
                    rel = source.relative_to(self.site).as_posix()
                    problems.append(BrokenLink(rel, line, url, reason))
        return sorted(problems)

    def external(self) -> list[str]:
        """Return the distinct outside URLs the site references, sorted."""
        found = set()
        for source, page in self.pages.items():
            base = page.base or page_url(self.site, source)
            for _line, _tag, url in page.refs:
                absolute = urljoin(base, url)
                if urlsplit(absolute).netloc and self._internal_path(absolute) is None:
                    found.add(absolute)
        return sorted(found)
