"""Reads a dishonesty event as posted to /api/evaluate (DESIGN: "The query API contract").

Chinese labels are accepted everywhere a code is; unknown fields are ignored; every value
a user can get wrong fails with InvalidRequest or UnknownLabel whose `field` is the JSON
path (`occurred_on`, `persons[1].role`). Free text (names, `behaviour`) is kept as text:
nothing here ever becomes a query.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from policykg.errors import InvalidRequest, PolicykgError, UnknownLabel
from policykg.ontology.gazetteer import Jurisdiction, resolve_jurisdiction
from policykg.rules.labels import Label, lookup, validated_label

SubjectKind = Literal["agency", "government", "official"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("agency", "government", "official")
# The Chinese labels a form or a client may send instead of the codes (GET /api/vocabularies lists them).
SUBJECT_KIND_LABELS: dict[str, str] = {"agency": "政府部门", "government": "人民政府", "official": "公务员"}
_SUBJECT_KIND_CODES = {label: code for code, label in SUBJECT_KIND_LABELS.items()}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAX_TEXT = 500
MAX_PERSONS = 50  # far above any event the seeds describe; keeps one request's answer (and a record) bounded


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True, str_strip_whitespace=True)


class Person(_Model):
    """A person on the event, in the role that may make them accountable."""

    name: str = Field(min_length=1, max_length=_MAX_TEXT)
    role: Label

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> Label:
        return value if isinstance(value, Label) else validated_label("roles", value)


class Subject(_Model):
    """Who committed the dishonesty: an agency, a people's government, or an official."""

    kind: SubjectKind
    name: str = Field(min_length=1, max_length=_MAX_TEXT)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return _SUBJECT_KIND_CODES.get(value.strip(), value) if isinstance(value, str) else value


class Event(_Model):
    """A government dishonesty event, normalised: labels resolved, jurisdiction found in the gazetteer."""

    id: str | None = Field(default=None, max_length=_MAX_TEXT)
    occurred_on: date
    jurisdiction: Jurisdiction
    subject: Subject
    domain: Label | None = None
    behaviour: str | None = Field(default=None, max_length=_MAX_TEXT)
    severity: Label = Field(default_factory=lambda: lookup("severities", "general"))
    persons: tuple[Person, ...] = Field(default=(), max_length=MAX_PERSONS)
    remedied: StrictBool = False
    fault_tolerance: StrictBool = False

    @field_validator("occurred_on", mode="before")
    @classmethod
    def _iso_date(cls, value: Any, info: ValidationInfo) -> date:
        if isinstance(value, date):
            return value
        # NFKC folds full-width digits and hyphens (２０２４－０６－０１), as typed with a Chinese IME.
        text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else None
        if text is None or not _ISO_DATE.fullmatch(text):
            raise PydanticCustomError("date_format", "expected an ISO date YYYY-MM-DD")
        day = iso_date(text)
        if day is None:
            raise PydanticCustomError("date_value", "{value} is not a date on the calendar", {"value": value})
        today = (info.context or {}).get("today")
        if today is not None and day > today:
            raise PydanticCustomError("date_future", "{day} 尚未到来（今天是 {today}）：不能记录或评价未发生的事件",
                                      {"day": day.isoformat(), "today": today.isoformat()})
        return day

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _jurisdiction(cls, value: Any) -> Jurisdiction:
        if isinstance(value, Jurisdiction):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "expected the name of an administrative division")
        try:
            return resolve_jurisdiction(value)
        except UnknownLabel as error:
            raise PydanticCustomError("unknown_label", error.message) from None

    @field_validator("domain", mode="before")
    @classmethod
    def _domain(cls, value: Any) -> Label | None:
        if value is None or isinstance(value, Label):
            return value
        return validated_label("domains", value)

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Label:
        if value is None:
            return lookup("severities", "general")
        return value if isinstance(value, Label) else validated_label("severities", value)

    @property
    def serious(self) -> bool:
        return self.severity.code == "serious"

    def to_json(self) -> dict:
        """The normalised event as the answer's `event` (labels in Chinese, codes beside them)."""
        return {
            "id": self.id,
            "occurred_on": self.occurred_on.isoformat(),
            "jurisdiction": self.jurisdiction.full_name,
            "jurisdiction_adcode": self.jurisdiction.adcode,
            "jurisdiction_path": list(self.jurisdiction.path),
            "subject": {"kind": self.subject.kind, "name": self.subject.name},
            "domain": self.domain.label if self.domain else None,
            "domain_code": self.domain.code if self.domain else None,
            "behaviour": self.behaviour,
            "severity": self.severity.label,
            "severity_code": self.severity.code,
            "persons": [{"name": p.name, "role": p.role.label, "role_code": p.role.code} for p in self.persons],
            "remedied": self.remedied,
            "fault_tolerance": self.fault_tolerance,
        }


    def as_posted(self) -> dict:
        """The normalised event in the form it is posted (what a stored record keeps and shows as
        `event`): the date in ISO digits, the division by its full name, labels in Chinese and
        stripped, only the fields the model knows, none that is empty."""
        posted = {
            "id": self.id,
            "occurred_on": self.occurred_on.isoformat(),
            "jurisdiction": self.jurisdiction.full_name,
            "subject": {"kind": self.subject.kind, "name": self.subject.name},
            "domain": self.domain.label if self.domain else None,
            "behaviour": self.behaviour,
            "severity": self.severity.label,
            "persons": [{"name": p.name, "role": p.role.label} for p in self.persons],
            "remedied": self.remedied,
            "fault_tolerance": self.fault_tolerance,
        }
        return {name: value for name, value in posted.items() if value is not None}


def iso_date(text: str) -> date | None:
    """The date `text` writes as YYYY-MM-DD, else None (date.fromisoformat alone also takes
    20240601 and 2024-W22-6, which the contract does not)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _json_path(location: tuple) -> str:
    """('persons', 1, 'role') -> persons[1].role"""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "event"


def parse_event(data: Any, *, today: date | None = None) -> Event:
    """Validate a decoded JSON event; raise InvalidRequest or UnknownLabel naming the field.
    Given `today` (the caller's clock: rules keep none), an occurred_on after it is refused."""
    if not isinstance(data, Mapping):
        raise InvalidRequest("an event is a JSON object", field="event")
    try:
        return Event.model_validate(dict(data), context={"today": today})
    except ValidationError as error:
        raise _policykg_error(error) from None


def _policykg_error(error: ValidationError) -> PolicykgError:
    first = error.errors(include_url=False)[0]
    field = _json_path(first["loc"])
    if first["type"] == "unknown_label":
        return UnknownLabel(first["msg"], field=field)
    if first["type"] == "missing":
        return InvalidRequest(f"{field} is required", field=field)
    return InvalidRequest(f"{field}: {first['msg']}", field=field)
