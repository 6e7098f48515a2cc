"""Fonts and writers warmed up in a background daemon thread (the GUI starts it once the window has its data)."""

from __future__ import annotations

import logging
import threading

from desktop.core.services.documents import layer as doc_layer


def test_warm_up_runs_once_in_a_daemon_thread_and_registers_every_face(monkeypatch):
    from desktop.core.documents import fonts

    monkeypatch.setitem(doc_layer._warm, "thread", None)
    seen = []
    real = fonts.warm_up
    monkeypatch.setattr(fonts, "warm_up", lambda: seen.append(threading.current_thread()) or real())
    t = doc_layer.start_warm_up(delay=0)
    assert doc_layer.start_warm_up(delay=0) is t          # once per process
    t.join(30)
    assert not t.is_alive() and t.daemon
    assert seen == [t] and seen[0] is not threading.main_thread()
    report = fonts.resolve()
    assert set(report.choices) <= set(fonts._registered)


def test_warm_up_failure_is_logged_not_raised(monkeypatch, caplog):
    from desktop.core.documents import fonts

    def broken():
        raise fonts.FontMissing("没有可用的仿宋字体")

    monkeypatch.setitem(doc_layer._warm, "thread", None)
    monkeypatch.setattr(fonts, "warm_up", broken)
    hooked = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)
    with caplog.at_level(logging.WARNING):
        doc_layer.start_warm_up(delay=0).join(30)
    assert not hooked
    assert "文书字体预加载失败" in caplog.text
