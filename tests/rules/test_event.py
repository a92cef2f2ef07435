"""Events as posted to /api/evaluate: Chinese labels or codes, and errors that name the field."""

import pytest

from policykg.errors import InvalidRequest, UnknownLabel
from policykg.rules import parse_event

BASE = {"occurred_on": "2024-06-01", "jurisdiction": "营口市站前区", "subject": {"kind": "agency", "name": "区财政局"}}


def test_event_accepts_chinese_labels_and_codes_alike():
    chinese = parse_event(BASE | {"severity": "严重", "domain": "政府采购", "persons": [{"name": "孙某", "role": "法定代表人"}]})
    codes = parse_event(BASE | {"severity": "serious", "domain": "government-procurement", "persons": [{"name": "孙某", "role": "legal-representative"}]})
    assert chinese == codes
    assert chinese.to_json()["persons"] == [{"name": "孙某", "role": "法定代表人", "role_code": "legal-representative"}]


def test_event_defaults_to_general_severity_and_ignores_unknown_fields():
    event = parse_event(BASE | {"reporter": "审计局", "severity": None})
    assert (event.severity.label, event.remedied, event.fault_tolerance, event.persons) == ("一般", False, False, ())
    assert event.jurisdiction.path == ("辽宁省", "营口市", "站前区")


@pytest.mark.parametrize(
    "change, error, field",
    [
        ({"occurred_on": None}, InvalidRequest, "occurred_on"),
        ({"occurred_on": "2024-02-30"}, InvalidRequest, "occurred_on"),
        ({"occurred_on": "2024/06/01"}, InvalidRequest, "occurred_on"),
        ({"occurred_on": 1717200000}, InvalidRequest, "occurred_on"),
        ({"jurisdiction": "火星市"}, UnknownLabel, "jurisdiction"),
        ({"subject": {"kind": "company", "name": "某公司"}}, InvalidRequest, "subject.kind"),
        ({"subject": {"kind": "agency"}}, InvalidRequest, "subject.name"),
        ({"severity": "很严重"}, UnknownLabel, "severity"),
        ({"domain": "房地产"}, UnknownLabel, "domain"),
        ({"persons": [{"name": "孙某", "role": "法定代表人"}, {"name": "周某", "role": "厨师"}]}, UnknownLabel, "persons[1].role"),
        ({"persons": [{"role": "法定代表人"}]}, InvalidRequest, "persons[0].name"),
        ({"remedied": "yes"}, InvalidRequest, "remedied"),
        ({"fault_tolerance": 1}, InvalidRequest, "fault_tolerance"),
    ],
)
def test_event_errors_name_the_field(change, error, field):
    event = {key: value for key, value in (BASE | change).items() if value is not None}
    with pytest.raises(error) as raised:
        parse_event(event)
    assert raised.value.field == field
    assert raised.value.message


def test_missing_occurred_on_is_reported_as_required():
    with pytest.raises(InvalidRequest, match="occurred_on is required"):
        parse_event({key: value for key, value in BASE.items() if key != "occurred_on"})


def test_an_event_must_be_a_json_object():
    with pytest.raises(InvalidRequest) as raised:
        parse_event(["occurred_on", "2024-06-01"])
    assert raised.value.field == "event"


@pytest.mark.parametrize("text", ["MATCH (n) DETACH DELETE n", "DELETE WHERE { ?s ?p ?o }", "'; DROP TABLE events; --"])
def test_text_that_looks_like_a_query_is_just_text(text):
    event = parse_event(BASE | {"subject": {"kind": "agency", "name": text}, "behaviour": text})
    assert event.subject.name == text and event.behaviour == text
