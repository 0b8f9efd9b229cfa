"""The app's pages, declared once: file, title key in the string catalog, icon and URL path."""

from __future__ import annotations

from dataclasses import dataclass

from justice_dashboard.config import PROJECT_ROOT


@dataclass(frozen=True)
class PageSpec:
    file: str
    title_key: str
    icon: str
    url_path: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    PageSpec("pages/compare.py", "nav.compare", ":material/bar_chart:", "compare"),
    PageSpec("pages/profile.py", "nav.profile", ":material/location_city:", "profile"),
    PageSpec("pages/heatmap.py", "nav.heatmap", ":material/grid_on:", "heatmap"),
    PageSpec("pages/ranking.py", "nav.ranking", ":material/military_tech:", "ranking"),
    PageSpec("pages/data.py", "nav.data", ":material/table_view:", "data"),
    PageSpec("pages/slides.py", "nav.slides", ":material/slideshow:", "slides"),
    PageSpec("pages/history.py", "nav.history", ":material/history:", "history"),
    PageSpec("pages/intake.py", "nav.intake", ":material/upload_file:", "intake"),
)


def page_path(spec: PageSpec) -> str:
    return str(PROJECT_ROOT / spec.file)
