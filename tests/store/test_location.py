"""--db and ZWDESK_DB: a file path or a server URL; a URL never becomes a file or folder, and a
password is never shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zwdesk import cli
from zwdesk.store.location import (
    LocationError,
    ServerLocation,
    location_label,
    mask_secrets,
    parse_location,
)


def test_a_path_stays_a_path():
    assert parse_location("data/zwdesk.sqlite3") == Path("data/zwdesk.sqlite3")
    assert parse_location(r"C:\Users\王敏\zwdesk.sqlite3") == Path(r"C:\Users\王敏\zwdesk.sqlite3")


def test_a_server_url_is_parsed_with_its_options():
    found = parse_location("postgresql://wangmin@10.0.0.5:5433/bulletin?sslmode=require")
    assert found == ServerLocation(dbname="bulletin", host="10.0.0.5", port=5433, user="wangmin",
                                   options=(("sslmode", "require"),))
    assert str(found) == "postgresql://wangmin@10.0.0.5:5433/bulletin?sslmode=require"
    assert location_label(found) == "服务器 10.0.0.5/bulletin"
    params = found.connect_params()
    assert params["sslmode"] == "require" and params["port"] == 5433
    assert "password" not in params  # PGPASSWORD / ~/.pgpass are libpq's to read
    assert parse_location("postgres://h/db") == ServerLocation(dbname="db", host="h")


def test_a_password_in_the_url_is_used_but_never_shown():
    found = parse_location("postgresql://wangmin:s3cr%40t@db.local/bulletin")
    assert found.password == "s3cr@t"
    assert found.connect_params()["password"] == "s3cr@t"
    assert "s3cr" not in str(found) and "s3cr" not in repr(found)
    assert mask_secrets("x postgresql://u:s3cr@h/db y password=abc z") == \
        "x postgresql://u:***@h/db y password=*** z"
    assert mask_secrets("failed for s3cr@t", ["s3cr@t"]) == "failed for ***"


@pytest.mark.parametrize("text", ["mysql://u@h/db", "sqlite:///x.db", "postgresql://h/",
                                  "postgresql://h:notaport/db", "postgresql://u:pw@h/a/b", " "])
def test_other_urls_are_refused_without_the_password(text):
    with pytest.raises(LocationError) as info:
        parse_location(text)
    assert "pw" not in str(info.value)


def test_cli_with_an_unreachable_server_makes_no_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    url = "postgresql://postgres:topsecret@127.0.0.1:1/bulletin"
    assert cli.main(["--db", url, "list"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "127.0.0.1:1" in err and "拒绝连接" in err and "bulletin" in err
    assert "topsecret" not in err
    assert os.listdir(tmp_path) == []


def test_zwdesk_db_may_be_a_url(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZWDESK_DB", "postgresql://postgres@127.0.0.1:1/bulletin")
    assert cli.main(["list"]) == cli.EXIT_ERROR
    assert "127.0.0.1:1" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_cli_refuses_another_kind_of_url_as_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        cli.main(["--db", "mysql://u:pw@h/db", "list"])
    assert info.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "postgresql://" in err and ":pw@" not in err
    assert os.listdir(tmp_path) == []
