"""Text from users shown safely: control characters gone, invisible ones made visible, Markdown literal."""

from justice_dashboard.safe_text import md_code, plain, visible


def test_plain_removes_ansi_escapes_newlines_and_bidi_overrides():
    name = "bao-cao\x1b[31m-do\x1b[0m\nĐã nhập xong\u202egpj.xlsx\u200b"
    assert plain(name) == "bao-cao-do Đã nhập xonggpj.xlsx"


def test_plain_keeps_vietnamese_and_cuts_long_text_with_an_ellipsis():
    assert plain("Nguyễn  Văn\tA") == "Nguyễn Văn A"
    assert plain("x" * 300, limit=10) == "xxxxxxxxx…"


def test_visible_writes_out_zero_width_and_lookalike_letters():
    assert visible("VB\u200b01") == "VB\\u200b01"
    assert visible("\u0412B01", ascii_only=True) == "\\u0412B01"
    assert visible("\ufeffTA01") == "\\ufeffTA01"


def test_md_code_makes_markdown_a_literal_code_span():
    assert md_code("**đậm** ![x](http://x/y.png)") == "`**đậm** ![x](http://x/y.png)`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"


def test_a_name_shown_as_markdown_text_draws_literally_and_still_wraps():
    from justice_dashboard.safe_text import md_text

    shown = md_text("Tỷ lệ **đạt** [xem](http://x.vn) :red[đỏ] $x$ (việc)")
    assert "**" not in shown.replace("\\*", "")  # no bold
    assert "](" not in shown.replace("\\]\\(", "")  # no link
    assert ":red[" not in shown and "$x$" not in shown  # no colour or maths directive
    assert shown.count(" ") == 6  # words stay words: the title wraps at its spaces
    assert shown.replace("\\", "") == "Tỷ lệ **đạt** [xem](http://x.vn) :red[đỏ] $x$ (việc)"
