"""What a writer sends, as the plain text that is stored and tagged: plain text, Markdown or HTML.

HTML is read with a real parser (BeautifulSoup over Python's html.parser): scripts, styles, templates,
navigation, sidebars, forms and footers are dropped, and block elements (paragraphs, headings, list
items, table rows, line breaks) become line breaks, so sentences of different blocks never run together.
When the page has an <article> or <main> element, only that is kept. Markdown is rendered to HTML by
markdown-it (CommonMark) and read the same way. Plain text is kept as written (line ends normalized).

Bytes must be UTF-8 text (a BOM is dropped); bytes with NUL or other control characters are refused as
binary. Every input is bounded: MAX_BYTES before parsing, MAX_CHARS after.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from markdown_it import MarkdownIt

from kb.errors import InvalidInput
from kb.models import ArticleFormat

MAX_BYTES = 5_000_000  # what is parsed at most (HTML carries markup besides its text)
MAX_CHARS = 1_000_000  # the plain text stored at most (about 170,000 words: a book)
MIN_CHARS = 1

DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "head",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "footer",
}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "hr",
    "address",
}
EXTENSIONS = {
    ".txt": ArticleFormat.text,
    ".text": ArticleFormat.text,
    ".md": ArticleFormat.markdown,
    ".markdown": ArticleFormat.markdown,
    ".html": ArticleFormat.html,
    ".htm": ArticleFormat.html,
    ".xhtml": ArticleFormat.html,
}
MEDIA_TYPES = {
    "text/plain": ArticleFormat.text,
    "text/markdown": ArticleFormat.markdown,
    "text/x-markdown": ArticleFormat.markdown,
    "text/html": ArticleFormat.html,
    "application/xhtml+xml": ArticleFormat.html,
}
_HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<article|<p[\s>]|<div[\s>])", re.IGNORECASE)
# Markdown's unmistakable marks: a "# heading" line, a [link](address), **strong** words (each linear: bounded,
# negated classes, no nested quantifier)
_MARKDOWN_MARKS = re.compile(r"^#{1,6}[ \t]+\S|\[[^\]\n]{1,300}\]\([^)\s]{1,500}\)|\*\*[^*\n]{1,200}\*\*", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")  # linear: no nested quantifier can backtrack
_SPACES = re.compile(r"[ \t\u00a0]+")


class ArticleTextInvalid(InvalidInput):
    """An article's text that cannot be used: empty, binary, not UTF-8, too long."""

    code = "invalid_article_text"

    def __init__(self, message: str, field: str = "text") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field

    def details(self) -> dict[str, str]:
        return {"field": self.field}


@dataclass(frozen=True)
class ArticleText:
    text: str
    format: ArticleFormat
    title: str | None = None  # the document's own title (<title>, the first heading), when it has one


def decode(raw: bytes, field: str = "file") -> str:
    """Bytes as text: UTF-8 (BOM dropped), not binary, at most MAX_BYTES."""
    if len(raw) > MAX_BYTES:
        raise ArticleTextInvalid(f"{len(raw):,} bytes; at most {MAX_BYTES:,} are read", field)
    if b"\x00" in raw[:65536] or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleTextInvalid(
            "binary data, not text (send plain text, Markdown or HTML, in UTF-8; convert a PDF or Word file first)",
            field,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleTextInvalid(
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8, or send plain text, Markdown or HTML", field
        ) from None
    return text


def guess_format(name: str | None = None, media_type: str | None = None, text: str = "") -> ArticleFormat:
    """The format from a media type, else a file name's extension, else the text itself: HTML when it starts with a
    tag, Markdown when it has Markdown's marks (a "# heading" line, a [link](address), **strong** words)."""
    if media_type:
        media = media_type.split(";")[0].strip().lower()
        if media in MEDIA_TYPES:
            return MEDIA_TYPES[media]
    if name and PurePath(name).suffix.lower() in EXTENSIONS:
        return EXTENSIONS[PurePath(name).suffix.lower()]
    if _HTML_START.match(text[:2000]):
        return ArticleFormat.html
    return ArticleFormat.markdown if _MARKDOWN_MARKS.search(text[:20000]) else ArticleFormat.text


def plain_text(source: str, fmt: ArticleFormat, field: str = "text") -> ArticleText:
    """The stored plain text of an article sent in `fmt`, and its own title if it has one."""
    if len(source) > MAX_BYTES:
        raise ArticleTextInvalid(f"{len(source):,} characters; at most {MAX_BYTES:,} are read", field)
    _refuse_binary(source, field)
    if fmt is ArticleFormat.html:
        text, title = _from_html(source)
    elif fmt is ArticleFormat.markdown:
        text, title = _from_html(MarkdownIt("commonmark").render(source))
    else:
        text, title = _tidy(source.replace("\r\n", "\n").replace("\r", "\n")), None
    if len(text.strip()) < MIN_CHARS:
        raise ArticleTextInvalid(
            "the article has no text" + (" once its markup is removed" if fmt is not ArticleFormat.text else ""),
            field,
        )
    if len(text) > MAX_CHARS:
        raise ArticleTextInvalid(f"{len(text):,} characters of text; an article holds at most {MAX_CHARS:,}", field)
    return ArticleText(text, fmt, title)


def _refuse_binary(text: str, field: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if "\x00" in sample or controls > max(8, len(sample) // 200):
        raise ArticleTextInvalid(
            "binary data, not text (send plain text, Markdown or HTML, in UTF-8; convert a PDF or Word file first)",
            field,
        )


def _tidy(text: str) -> str:
    """Runs of spaces as one, at most one blank line between blocks, no space at line ends."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _from_html(html: str) -> tuple[str, str | None]:
    soup = BeautifulSoup(html, "html.parser")
    title = None
    if soup.title and soup.title.string:
        title = " ".join(soup.title.string.split()) or None
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    root: Tag = soup.find("article") or soup.find("main") or soup
    if title is None and (h1 := root.find("h1")):
        title = " ".join(h1.get_text(" ").split()) or None
    parts: list[str] = []
    for node in root.descendants:  # a generator: no recursion, however deep the nesting
        if isinstance(node, (Comment, Doctype)):
            continue
        if isinstance(node, NavigableString):
            if not any(p.name in DROPPED for p in node.parents):
                parts.append(str(node).replace("\n", " "))
        elif isinstance(node, Tag):
            if node.name in BLOCKS:
                parts.append("\n\n")
            elif node.name == "br":
                parts.append("\n")
    return _tidy("".join(parts)), title


def title_from_name(name: str) -> str:
    """A title from a file name: 'my-first_post.md' -> 'My first post'."""
    words = re.sub(r"[-_]+", " ", PurePath(name).stem).split()
    return " ".join(words).capitalize() if words else "Untitled article"


def slug(text: str, limit: int = 80) -> str:
    """A slug (lower-case ascii words joined by hyphens), cut at a word boundary within `limit`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "article"
