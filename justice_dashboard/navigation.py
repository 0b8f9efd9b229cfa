"""The app's pages, declared once: file, title key in the string catalog, icon and URL path."""

from __future__ import annotations

from dataclasses import dataclass

from justice_dashboard.config import PROJECT_ROOT

# The shared filters a page can read from the sidebar (the language is always there).
FILTERS = (
    "year",
    "units",
    "provinces",
    "highlight",
    "indicator",
    "range",
    "normalisation",
    "as_of",
)
ALL_FILTERS = frozenset(FILTERS)


@dataclass(frozen=True)
class PageSpec:
    file: str
    title_key: str
    icon: str
    url_path: str
    # The filters this page reads: the sidebar shows only these, so no filter there does nothing.
    # The others keep their values (and the link keeps them) for the pages that read them.
    filters: frozenset[str] = ALL_FILTERS


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "nav.overview",
        ":material/dashboard:",
        "overview",
        frozenset({"units", "year", "highlight", "as_of"}),
    ),
    PageSpec("pages/compare.py", "nav.compare", ":material/bar_chart:", "compare"),
    PageSpec(
        "pages/profile.py",
        "nav.profile",
        ":material/location_city:",
        "profile",
        frozenset({"units", "year", "range", "as_of"}),
    ),
    PageSpec(
        "pages/heatmap.py",
        "nav.heatmap",
        ":material/grid_on:",
        "heatmap",
        frozenset({"units", "year", "provinces", "as_of"}),
    ),
    PageSpec(
        "pages/ranking.py",
        "nav.ranking",
        ":material/military_tech:",
        "ranking",
        frozenset({"units", "year", "range", "as_of"}),
    ),
    PageSpec(
        "pages/scores.py",
        "nav.scores",
        ":material/emoji_events:",
        "scores",
        frozenset({"year", "as_of"}),  # counted on the units of the year scored (2025 on: today's)
    ),
    PageSpec(
        "pages/data.py",
        "nav.data",
        ":material/table_view:",
        "data",
        frozenset({"units", "provinces", "indicator", "range", "as_of"}),
    ),
    PageSpec(
        "pages/slides.py",
        "nav.slides",
        ":material/slideshow:",
        "slides",
        frozenset({"units", "year", "provinces", "highlight", "as_of"}),
    ),
    PageSpec(
        "pages/history.py",
        "nav.history",
        ":material/history:",
        "history",
        frozenset({"as_of"}),  # its own province and year pickers start from the sidebar's
    ),
    PageSpec("pages/intake.py", "nav.intake", ":material/upload_file:", "intake", frozenset()),
)


def page_path(spec: PageSpec) -> str:
    return str(PROJECT_ROOT / spec.file)
