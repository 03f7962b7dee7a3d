"""Applicant text is text: nothing it contains is fetched, read or rendered as markup."""
from __future__ import annotations

import socket
import tempfile
import threading
from pathlib import Path

import pytest
from opinion_support import APPLICATIONS, NUMBER, flat, make_review, pdftotext, project

from checker.opinion import OpinionMeta, render_html
from checker.opinion import pdf as pdfmod
from checker.severity import Conclusion


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections (a would-be fetch target)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def hostile_review(port: int):
    name = f'<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">厂房'
    applicant = f'某公司<style>@import url(http://127.0.0.1:{port}/x);</style>'
    data = {**APPLICATIONS[Conclusion.APPROVE],
            "project": project(name=name, applicant=applicant, investment=5000,
                               location={"address": f"url(http://127.0.0.1:{port}/x)"})}
    return make_review(data), name, applicant


def test_injected_markup_is_escaped_and_nothing_is_fetched(listener):
    review, name, applicant = hostile_review(listener.port)
    html = render_html(review, OpinionMeta(number=NUMBER))
    assert "<img" not in html and "<link rel" not in html and "@import" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<style>@import" not in html
    fetcher = pdfmod.AssetFetcher()
    data = pdfmod.write(html, fetcher=fetcher)
    loaded = pdfmod.shared().fetcher  # the fonts are loaded once per process, by the stylesheet
    assert loaded.attempts[0] == pdfmod.STYLESHEET and len(loaded.attempts) > 1, loaded.attempts
    assert all(u.startswith("opinion-asset:fonts/") for u in loaded.attempts[1:]), loaded.attempts
    assert loaded.refused == []
    # This HTML inlines the same @font-face rules: nothing but those fonts may be asked for.
    assert all(url.startswith("opinion-asset:fonts/") for url in fetcher.attempts), fetcher.attempts
    assert fetcher.refused == []
    assert listener.connections == 0
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hostile.pdf"
        path.write_bytes(data)
        text = pdftotext(path)
    assert flat(name) in flat(text)  # shown as the literal text the applicant typed
    assert "root:" not in text


def test_render_pdf_with_hostile_text_makes_no_connection(listener):
    from checker.opinion import render_pdf

    review, _, _ = hostile_review(listener.port)
    assert render_pdf(review).startswith(b"%PDF-")
    assert listener.connections == 0


def test_fetcher_refuses_raw_hostile_html(listener, caplog):
    """Even markup that bypassed escaping cannot make the renderer read or fetch anything."""
    port = listener.port
    html = (f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
            f'<style>@import url(http://127.0.0.1:{port}/b.css);'
            f'body {{ background: url(http://127.0.0.1:{port}/c.png) }}'
            f'@font-face {{ font-family: X; src: url(file:///etc/passwd) }}</style></head>'
            f'<body><img src="file:///etc/passwd"><img src="../../pyproject.toml">'
            f'<img src="opinion-asset:fonts/../../review.py">'
            f'<p style="font-family: X">正文</p></body></html>')
    fetcher = pdfmod.AssetFetcher()
    pdfmod.write(html, fetcher=fetcher)
    assert listener.connections == 0
    assert any(u.startswith("file:///etc/passwd") for u in fetcher.refused)
    assert any(u.startswith(f"http://127.0.0.1:{port}/") for u in fetcher.refused)
    assert set(fetcher.refused) == set(fetcher.attempts)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "https://example.com/font.ttf",
    "data:text/css,body{}",
    "opinion-asset:../review.py",
    "opinion-asset:fonts/../../review.py",
    "opinion-asset:fonts/%2e%2e/%2e%2e/review.py",
    "opinion-asset:templates/opinion.html",
    "opinion-asset:fonts/OFL.txt",
    "opinion-asset:fonts/missing.ttf",
    "opinion-asset:/etc/passwd",
    "kaifu:fonts/KaifuSerifSC-Regular.ttf",
])
def test_asset_fetcher_refuses(url):
    fetcher = pdfmod.AssetFetcher()
    with pytest.raises(pdfmod.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_asset_fetcher_serves_package_fonts_and_css():
    fetcher = pdfmod.AssetFetcher()
    font = fetcher.fetch("opinion-asset:fonts/KaifuSerifSC-Regular.ttf")
    assert font.read(4) in (b"\x00\x01\x00\x00", b"true")
    assert font.content_type == "font/ttf"
    css = fetcher.fetch("opinion-asset:static/opinion.css")
    assert b"@font-face" in css.read()
    assert fetcher.refused == []
