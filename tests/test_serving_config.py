"""The nginx site for the provincial server: rendered from one template, accepted by Debian's nginx
(with TLS too), the upload limit following the intake's, and the commands that write and run it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from justice_dashboard.__main__ import main
from justice_dashboard.cluster import (
    NGINX_EXAMPLE,
    Tls,
    backends_on,
    example_site,
    nginx_binary,
    nginx_check,
    nginx_main_conf,
    normalise_base_path,
    render_site,
)
from justice_dashboard.intake.reader import MAX_BYTES_ENV


def test_the_deploy_example_is_the_template_rendered_for_two_processes():
    assert NGINX_EXAMPLE.read_text(encoding="utf-8") == example_site(), (
        "deploy/nginx/justice-dashboard.conf is out of date: "
        "uv run python -m justice_dashboard nginx-config --ports 8501,8502 "
        "--out deploy/nginx/justice-dashboard.conf"
    )


def nginx_accepts(site: str, folder: Path) -> subprocess.CompletedProcess[str]:
    nginx = nginx_binary()
    assert nginx, "nginx is not installed (./dev test installs Debian's package)"
    (folder / "site.conf").write_text(site, encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(nginx_main_conf(folder, folder / "site.conf"), encoding="utf-8")
    return nginx_check(nginx, folder, conf)


def test_the_site_with_the_sites_certificate_is_accepted_by_nginx(tmp_path: Path):
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    files = ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            *curve,
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            *files,
        ],
        check=True,
        capture_output=True,
    )
    site = render_site(
        backends_on([8501, 8502, 8503]),
        server_name="localhost",
        tls=Tls(str(cert), str(key)),
        listen=["127.0.0.1:8443 ssl"],
        access_log=str(tmp_path / "access.log"),
    )

    checked = nginx_accepts(site, tmp_path)

    assert checked.returncode == 0, checked.stderr
    assert "return 301 https://$host$request_uri;" in site
    assert "HttpOnly; SameSite=Lax; Secure" in site


def test_the_site_without_tls_under_the_root_is_accepted_by_nginx(tmp_path: Path):
    site = render_site(
        backends_on([8501]),
        base_path="/",
        listen=["127.0.0.1:8080"],
        access_log=str(tmp_path / "access.log"),
    )

    checked = nginx_accepts(site, tmp_path)

    assert checked.returncode == 0, checked.stderr
    assert "location / {" in site and "Secure" not in site and "return 302" not in site


def test_the_upload_limit_is_the_intakes_limit_and_room_for_the_form_around_the_file(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv(MAX_BYTES_ENV, raising=False)
    assert "client_max_body_size 5308416;" in render_site(backends_on([8501]))  # 5 MiB + 64 KiB

    monkeypatch.setenv(MAX_BYTES_ENV, "1000000")
    assert "client_max_body_size 1065536;" in render_site(backends_on([8501]))


@pytest.mark.parametrize(
    ("given", "written"),
    [("tuphap", "/tuphap/"), ("/tuphap", "/tuphap/"), ("/tuphap/", "/tuphap/"), ("", "/")],
)
def test_a_sub_path_is_written_one_way(given: str, written: str):
    assert normalise_base_path(given) == written


@pytest.mark.parametrize("given", ["/tư pháp/", "/a//b/", "/x;y/"])
def test_a_sub_path_nginx_could_misread_is_refused(given: str):
    with pytest.raises(ValueError, match="Đường dẫn con không hợp lệ"):
        normalise_base_path(given)


def test_nginx_config_writes_the_site_for_the_ports_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "justice-dashboard.conf"

    ports = ["--ports", "9001,9002,9003"]
    status = main(
        ["nginx-config", *ports, "--no-tls", "--base-path", "bang-dieu-khien", "--out", str(out)]
    )

    assert status == 0
    assert "Đã viết cấu hình nginx cho 3 tiến trình" in capsys.readouterr().out
    site = out.read_text(encoding="utf-8")
    assert "server 127.0.0.1:9003 max_fails=1 fail_timeout=2s;" in site
    assert "    b3 justice_dashboard_b3;" in site
    assert "location /bang-dieu-khien/ {" in site


def test_serve_refuses_a_number_of_processes_that_differs_from_the_ports(
    capsys: pytest.CaptureFixture[str],
):
    status = main(["serve", "--processes", "3", "--backend-ports", "9001,9002", "--no-nginx"])

    assert status == 2
    assert "--processes 3 nhưng --backend-ports có 2 cổng" in capsys.readouterr().out


def _help(command: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_every_help_text_of_serve_and_nginx_config_comes_from_the_string_catalog(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    from justice_dashboard.cluster import default_processes
    from justice_dashboard.i18n import strings, t

    monkeypatch.setenv("COLUMNS", "1000")  # argparse wraps long lines, at hyphens too
    shown = " ".join(_help(c, capsys) for c in ([], ["serve"], ["nginx-config"]))
    messages = {"bad_ports", "bad_base_path", "ports_mismatch", "no_nginx", "ready"}
    messages |= {"restarting", "nginx_exited", "written"}
    helps = [k for k in strings() if k.startswith("serving.") and k.split(".")[-1] not in messages]
    assert len(helps) > 15
    for key in helps:
        text = t(key, "vi", default=default_processes())
        assert " ".join(text.split()) in shown, key
