"""Settings of the NSG client and the safe XML parsing of its answers."""
import pytest

from l2s.errors import NSGConfigError, NSGError
from l2s.nsg import DEFAULT_URL, load_settings
from l2s.nsg.responses import job_status, parse_xml


def test_arguments_then_environment_then_file(tmp_path):
    conf = tmp_path / "nsgrest.conf"
    conf.write_text("URL=https://file.example/v1\nUSERNAME=file-user\nPASSWORD=file-pw\n"
                    "APPID=file-key\nAPPNAME=l2s\n")
    env = {"NSG_USERNAME": "env-user", "NSG_TOOL": "ENV_TOOL"}
    s = load_settings(conf, env, username="arg-user")
    assert (s.username, s.password, s.appkey, s.url, s.tool, s.appname) == (
        "arg-user", "file-pw", "file-key", "https://file.example/v1", "ENV_TOOL", "l2s")
    assert load_settings(conf, {"NSG_CONFIG": "ignored"}).username == "file-user"


def test_nsg_config_names_the_file(tmp_path):
    conf = tmp_path / "other.conf"
    conf.write_text("USERNAME: u\nPASSWORD: p\nAPPID: k\n")
    s = load_settings(environ={"NSG_CONFIG": str(conf)})
    assert (s.username, s.url) == ("u", DEFAULT_URL)


def test_missing_settings_say_where_to_put_them(tmp_path):
    with pytest.raises(NSGConfigError, match="password is not set.*NSG_PASSWORD.*PASSWORD="):
        load_settings(tmp_path / "absent", {"NSG_USERNAME": "u"})
    (tmp_path / "bad.conf").write_text("just words\n")
    with pytest.raises(NSGConfigError, match="line 1: expected KEY=value"):
        load_settings(tmp_path / "bad.conf", {})
    with pytest.raises(NSGConfigError, match="unknown NSG setting.*pasword"):
        load_settings(tmp_path / "absent", {}, pasword="x")


@pytest.mark.parametrize("doc", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b"<jobstatus>&lol2;</jobstatus>",
    b'<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><x/>',
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16"),
])
def test_dtds_and_entities_are_refused(doc):
    with pytest.raises(NSGError, match="DOCTYPE or ENTITY"):
        parse_xml(doc)


def test_oversized_and_broken_answers_are_refused():
    with pytest.raises(NSGError, match="more than the 10 allowed"):
        parse_xml(b"<x>" + b"a" * 20 + b"</x>", limit=10)
    with pytest.raises(NSGError, match="not XML"):
        parse_xml(b"<html><body>Bad gateway")


def test_job_status_fields():
    job = job_status(parse_xml(
        b"<jobstatus><jobHandle>H</jobHandle><jobStage>COMPLETED</jobStage>"
        b"<terminalStage>true</terminalStage><failed>true</failed>"
        b"<selfUri><url>https://h/job/u/H</url></selfUri>"
        b"<resultsUri><url>https://h/job/u/H/output</url></resultsUri>"
        b"<messages><message><stage>QUEUE</stage><text>queued</text></message></messages>"
        b"</jobstatus>"))
    assert job.done and job.failed and job.url == "https://h/job/u/H"
    assert job.results_url == "https://h/job/u/H/output" and job.messages == ("QUEUE: queued",)
    assert job.client_job_id is None
