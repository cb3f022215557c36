"""The site's navigation: sections of links, each shown to those whose role allows it.

Groups keep the header readable as pages are added: "clinicians" holds the reading pages,
"trainers" the teaching cases; the writers' (articles) pages join as a group of their own,
between "trainers" and the account links, by adding a NavGroup here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.writing.keys import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    prefixes: tuple[str, ...] = ()  # paths that mark this item as the current page
    role: Role | None = None  # the role needed to see it (None: whoever may read)

    def matches(self, path: str) -> bool:
        if self.href == "/":
            return path in ("/", "/ask")
        return path == self.href or any(path.startswith(p) for p in (self.href + "/", *self.prefixes))


@dataclass(frozen=True)
class NavGroup:
    name: str
    items: tuple[NavItem, ...]


NAV: tuple[NavGroup, ...] = (
    NavGroup(
        "clinicians",
        (
            NavItem("Ask", "/"),
            NavItem("Vignettes", "/vignettes"),
            NavItem("Concepts", "/concepts"),
            NavItem("Search", "/search"),
        ),
    ),
    NavGroup("trainers", (NavItem("Teaching cases", "/teaching-cases"),)),
    NavGroup("writers", (NavItem("Articles", "/articles"),)),
    NavGroup("editors", (NavItem("New vignette", "/vignettes/new", role=Role.editor),)),
)


def visible(role: Role | None, can_read: bool) -> list[NavItem]:
    """The items a visitor sees: reading pages when they may read, an editor's pages when they may edit."""
    items = []
    for group in NAV:
        for item in group.items:
            reading = item.role is None and can_read
            if reading or (item.role is not None and role is not None and role.allows(item.role)):
                items.append(item)
    return items


def current(items: list[NavItem], path: str) -> str | None:
    """The href of the item for this page: the most specific one that matches."""
    hits = [i.href for i in items if i.matches(path)]
    return max(hits, key=len) if hits else None
