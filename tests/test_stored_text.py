"""Texts the app stores in a snapshot's provenance (in Vietnamese) read in the reader's language."""

from __future__ import annotations

from justice_dashboard import sample
from justice_dashboard.i18n import t
from justice_dashboard.stored_text import stored_text


def test_the_samples_source_and_note_read_in_english_in_the_english_view():
    assert stored_text(sample.SOURCE_NAME, "en") == t("sample.source_name", "en", seed=sample.SEED)
    assert stored_text(t("sample.note_merged", "vi"), "en") == t("sample.note_merged", "en")
    assert "(seed 2022)" in stored_text(sample.SOURCE_NAME, "en")


def test_a_rollback_note_keeps_its_snapshot_and_reads_in_english():
    note = t("intake.rollback_note", "vi", snapshot="75-2022-20230115T010000000000Z-5d7a9834")
    assert stored_text(note, "en") == "Rollback to snapshot 75-2022-20230115T010000000000Z-5d7a9834"


def test_a_persons_own_words_and_any_text_in_vietnamese_are_shown_as_written():
    assert stored_text("Số liệu do Sở gửi lại sau khi rà soát", "en") == (
        "Số liệu do Sở gửi lại sau khi rà soát"
    )
    assert stored_text(sample.SOURCE_NAME, "vi") == sample.SOURCE_NAME
    assert stored_text(None, "en") == "" and stored_text(float("nan"), "en") == ""
