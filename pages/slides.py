"""Xuất slide: the charts for a deck (the conference pack, or the charts viewed this session),
then the PowerPoint file and the ZIP of images, built with progress shown."""

import streamlit as st

from justice_dashboard import ui
from justice_dashboard.export import ChromiumMissing, DeckInfo, build_deck, build_zip
from justice_dashboard.export.pack import (
    PENDING,
    PackContext,
    build_pack,
    conference_pack,
    targeted_indicators,
)
from justice_dashboard.i18n import t
from justice_dashboard.state import member_codes

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
bloc = catalog.default_bloc
units = view.units
members = member_codes(catalog, units, year, year)
provinces = tuple(c for c in (view.provinces or members) if c in members) or members
first = min(ui.years(), default=year)  # the pack's lines run from the first year with figures

st.title(t("slides.heading", lang, year=year))
ui.illustrative_banner(
    lang, ui.data_is_illustrative(units, provinces, first, year, view.as_of_timestamp)
)
source = st.radio(
    t("slides.choice", lang), ["pack", "viewed"], horizontal=True,
    format_func=ui.option_label(lambda k: t(f"slides.choice_{k}", lang)),
    key=ui.KEY_SLIDE_SOURCE,
)  # fmt: skip
if source == "pack":
    pack = conference_pack(catalog, targeted=targeted_indicators(ui.query, year))
    items = {i.key: i for i in pack}
    labels = {k: i.label(catalog, lang) for k, i in items.items()}
    if PENDING:
        st.caption(t("slides.pack_missing", lang, items=", ".join(PENDING)))
else:
    items = dict(st.session_state.get(ui.KEY_VIEWED_CHARTS, {}))  # the last state of each chart
    labels = {k: c.label for k, c in items.items()}
    if not items:
        st.info(t("slides.no_viewed", lang))
chosen = st.multiselect(
    t("slides.charts", lang),
    list(items),
    default=list(items),
    format_func=ui.option_label(labels.__getitem__),
)
left, right = st.columns(2)
date = left.date_input(t("slides.conference_date", lang), value=None, format="DD/MM/YYYY")
images = right.toggle(t("slides.images", lang), help=t("slides.images_help", lang))
wanted = (source, tuple(chosen), year, provinces, view.as_of, date, images, lang, units)
wanted += (view.highlight,)

if st.button(t("slides.build", lang), type="primary", disabled=not chosen):
    with st.status(t("slides.building", lang), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int, title: str) -> None:
            text = t(
                "export.progress_chart", lang, done=min(done + 1, total), total=total, title=title
            )
            bar.progress(done / max(total, 1), text=text)

        if source == "pack":
            context = PackContext(
                catalog,
                bloc,
                year,
                provinces,
                lang,
                view.as_of_timestamp,
                units,
                first,
                highlight=view.highlight,
            )
            charts = build_pack([items[k] for k in chosen], ui.query, context, progress)
        else:
            charts = [items[k] for k in chosen]
        info = DeckInfo(bloc.name(lang), year, date, any(c.frame.illustrative for c in charts))
        files: dict[str, bytes] = {}
        try:
            files["pptx"] = build_deck(charts, info, lang, images=images, progress=progress)
            files["zip"] = build_zip(charts, info, lang, progress=progress)
        except ChromiumMissing as missing:
            st.warning(str(missing))
            files.setdefault("pptx", build_deck(charts, info, lang, progress=progress))
        st.session_state[ui.KEY_SLIDE_FILES] = (wanted, files)
        status.update(label=t("export.progress_done", lang), state="complete", expanded=False)

built, files = st.session_state.get(ui.KEY_SLIDE_FILES, (None, {}))
stem = f"slide_{year}_{len(provinces)}-tinh"
left, right = st.columns(2)
if built == wanted and "pptx" in files:
    pptx_mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    left.download_button(t("slides.download_pptx", lang), files["pptx"], f"{stem}.pptx",
                         pptx_mime, on_click="ignore", icon=":material/slideshow:")  # fmt: skip
if built == wanted and "zip" in files:
    right.download_button(t("slides.download_zip", lang), files["zip"], f"{stem}.zip",
                          "application/zip", on_click="ignore", icon=":material/folder_zip:")  # fmt: skip
