"""Turn publication HTML into a small element tree with HTML line numbers, for Word.

The Word writer and the parity outline both walk this tree. It is deliberately tiny:
publication HTML comes from our own templates, so it is well formed; what matters is
that every node knows the line it came from, so an element the writer cannot map is
reported at its template output line instead of being dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}
# Elements whose content is flowed into the paragraph around them.
INLINE = {"strong", "em", "a", "sup", "br", "span", "img"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# Collapsible HTML white space; a no-break space is content, so it is not in here.
_SPACE = re.compile(r"[ \t\n\r\f]+")


class DocxError(Exception):
    """Publication HTML the Word writer cannot turn into Word, at an HTML line."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class DocxContractError(DocxError):
    """An element or class the Word writer does not know: never silently dropped."""


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list["Node | str"] = field(default_factory=list)

    @property
    def cls(self) -> str:
        return " ".join((self.attrs.get("class") or "").split())

    def has_class(self, name: str) -> bool:
        return name in self.cls.split()

    def find(self, tag: str) -> "Node | None":
        """The first descendant element with this tag, depth first."""
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None

    def iter(self):
        """This node and every descendant element, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        """All text below this node, white space collapsed."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else
                         (" " if child.tag == "br" else child.text()))
        return collapse("".join(parts))


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 1)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """The document node of publication HTML (children: usually one <html>)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def body_of(root: Node) -> Node:
    return root.find("body") or root


def head_info(root: Node) -> dict[str, str]:
    """Title, language and the author/description/keywords meta of the HTML head."""
    info = {"title": "", "lang": "", "author": "", "description": "", "keywords": ""}
    html = root.find("html")
    if html is not None:
        info["lang"] = html.attrs.get("lang", "")
    title = root.find("title")
    if title is not None:
        info["title"] = title.text()
    head = root.find("head")
    for node in (head.iter() if head is not None else ()):
        if node.tag == "meta" and node.attrs.get("name") in ("author", "description",
                                                             "keywords"):
            info[node.attrs["name"]] = collapse(node.attrs.get("content", ""))
    return info
