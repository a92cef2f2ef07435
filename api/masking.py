"""Serves officials' names to the public masked (张*): the seeds' privacy requirement.

zhangzhou-2018: 个人公共信用信息原则上不对外公示和共享,需对外公示的应严格按规范隐藏部分信息.
A public answer keeps a person's surname character and hides the rest with one `*`, so that
neither the given name nor its length shows.

Masking works on the fields that hold names, never on text at large: a person called 严重
must not turn the severity 严重 into 严*, which would both corrupt the answer and give the
name away. So a public answer is built from a pseudonymised record (`Pseudonyms.record`):
each name (a person on the event; the subject of an official's own record) is replaced by a
token no text can contain, the answer (evaluation, justification texts, chain) is computed from
that, and `Pseudonyms.reveal` turns each token into the name's mask. The one free text an
auditor writes that the public sees, the event's `behaviour`, may spell out a name; there,
and only there, names are masked where they occur.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from policykg.queries.events import EventPerson, EventRecord

# Free text written by whoever recorded the event and shown to the public; it may name people.
FREE_TEXT_KEYS = frozenset({"behaviour"})


def mask_name(name: str) -> str:
    """张三 -> 张*; a one-character name is hidden entirely."""
    return name[:1] + "*" if len(name) > 1 else "*"


class Pseudonyms:
    """The names of one record, each with a token that stands in for it while a public
    answer is built. Tokens are private-use characters around a random nonce, so neither
    policy text, vocabulary nor anything a client sends can contain one by accident."""

    def __init__(self, record: EventRecord) -> None:
        names = [person.name for person in record.persons]
        if record.subject_kind == "official":
            names.append(record.subject_name)
        nonce = secrets.token_hex(6)
        # Longer names first, so that 欧阳修 is masked before 欧阳 in free text.
        ordered = sorted({name for name in names if name}, key=len, reverse=True)
        self.tokens = {name: f"\ue000{nonce}.{index}\ue001" for index, name in enumerate(ordered)}
        self._masks = {token: mask_name(name) for name, token in self.tokens.items()}

    def record(self, record: EventRecord) -> EventRecord:
        """`record` with every name replaced by its token: in its persons, its subject (an
        official's own record) and its event data (only the fields that hold names)."""
        data = dict(record.data)
        if isinstance(data.get("persons"), list):
            data["persons"] = [self._person_data(person) for person in data["persons"]]
        subject = data.get("subject")
        if isinstance(subject, dict):
            data["subject"] = {key: subject[key] for key in ("kind", "name", "agency") if key in subject}
            if record.subject_kind == "official":
                data["subject"]["name"] = self._token(subject.get("name"))
        return replace(
            record, data=data,
            subject_name=self._token(record.subject_name) if record.subject_kind == "official" else record.subject_name,
            persons=tuple(EventPerson(self._token(p.name), p.role, p.role_code) for p in record.persons),
        )

    def reveal(self, answer: Any, key: str | None = None) -> Any:
        """`answer` (decoded JSON) with every token turned into its name's mask, and names
        masked inside free text (`behaviour`)."""
        if isinstance(answer, dict):
            return {k: self.reveal(v, k) for k, v in answer.items()}
        if isinstance(answer, list):
            return [self.reveal(item, key) for item in answer]
        if isinstance(answer, str):
            if key in FREE_TEXT_KEYS:
                for name in self.tokens:
                    answer = answer.replace(name, mask_name(name))
            if "\ue000" in answer:
                for token, mask in self._masks.items():
                    answer = answer.replace(token, mask)
        return answer

    def _token(self, name: Any) -> Any:
        """The token of `name`; the event model strips whitespace around names, so the
        event data's " 孙某 " is the record's 孙某. A name field whose name is not the
        record's (it cannot happen, but a name field is never shown in full) is masked."""
        if not isinstance(name, str):
            return name
        return self.tokens.get(name.strip()) or mask_name(name.strip())

    def _person_data(self, person: Any) -> Any:
        """A person of the event data, as {name, role} only: other keys a client sent are
        not shown to the public (they may say anything about the person)."""
        if not isinstance(person, dict):
            return person
        return {"name": self._token(person.get("name")), "role": person.get("role")}
