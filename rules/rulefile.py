"""Reads rule files (rules/policies/<slug>.yaml) and compiles them into a RuleBook.

A rule file says, clause by clause, what a policy prescribes; the format is documented in
rules/policies/README.md. `load_rulebook` refuses a file that does not say exactly what its
clauses say: unknown keys, labels outside the controlled vocabularies, a quote (or the
words of a sanction, a condition, an effect) not verbatim in the cited clause, an
exception to a rule that does not exist. The error names file, line, rule id and key.
Rules are compiled once into indexed lookups; evaluation never re-reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from policykg.errors import RuleFileError
from policykg.ontology.identifiers import clause_id
from policykg.rules.evaluation import Basis, Binding, RuleRef
from policykg.rules.event import SUBJECT_KINDS, SubjectKind
from policykg.rules.labels import Label, validated_label

DEFAULT_DIRECTORY = Path(__file__).parent / "policies"
Review = Literal["reviewed", "drafted"]
Outcome = Literal["mitigated", "waivable", "excluded"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class RolesTarget(_Strict):
    """Persons on the event holding one of these roles (主要负责人, 法定代表人 …)."""

    roles: tuple[Label, ...] = Field(min_length=1)

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: Any) -> tuple[Label, ...]:
        return tuple(validated_label("roles", item) for item in (value or ()))


class PeopleTarget(_Strict):
    """Every person on the event, when a clause names people only generically (有关人员)."""

    people: str = Field(min_length=1)


class SanctionSpec(_Strict):
    sanction: Label
    words: str | None = None  # how the quote words it, when the label itself is not verbatim in the quote
    target: Literal["subject"] | RolesTarget | PeopleTarget = "subject"
    condition: str | None = None

    @field_validator("sanction", mode="before")
    @classmethod
    def _sanction(cls, value: Any) -> Label:
        return validated_label("sanctions", value)


class BindingSpec(_Strict):
    """How binding the text makes a measure, and the words that make it so (verbatim in the quote)."""

    level: Literal["mandatory", "discretionary", "graded"]
    words: str = Field(min_length=1)

    @model_validator(mode="after")
    def _words_fit_level(self) -> "BindingSpec":
        if self.level == "discretionary" and "可" not in self.words:
            raise PydanticCustomError("binding_words", "a discretionary measure rests on words with 可 (可 / 可以 / 可不)")
        if self.level == "mandatory" and "可" in self.words:
            raise PydanticCustomError("binding_words", "words with 可 make a measure discretionary, not mandatory")
        if self.level == "graded" and not ("根据" in self.words or "程度" in self.words):
            raise PydanticCustomError("binding_words", "a graded measure rests on words that scale it (根据…程度)")
        return self


class When(_Strict):
    subject: tuple[SubjectKind, ...] = SUBJECT_KINDS
    requires: Label | None = None  # a conclusion of another rule of the policy (纳入失信记录) that must hold for the holder
    severity: Label | None = None
    domain: tuple[Label, ...] | None = None
    remedied: bool | None = None
    fault_tolerance: bool | None = None

    @field_validator("requires", mode="before")
    @classmethod
    def _requires(cls, value: Any) -> Label | None:
        return None if value is None else validated_label("sanctions", value)

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Label | None:
        return None if value is None else validated_label("severities", value)

    @field_validator("domain", mode="before")
    @classmethod
    def _domain(cls, value: Any) -> tuple[Label, ...] | None:
        if value is None:
            return None
        return tuple(validated_label("domains", item) for item in ([value] if isinstance(value, str) else value))


class RuleSpec(_Strict):
    """One rule as written: a clause, its verbatim quote, and what it prescribes or excepts."""

    id: str
    clause: str
    quote: str = Field(min_length=1)
    review: Review
    binding: BindingSpec
    when: When = When()
    then: tuple[SanctionSpec, ...] = ()
    exception_to: tuple[str, ...] = ()
    effect: str | None = None
    outcome: Outcome | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _sanction_or_exception(self) -> "RuleSpec":
        exception_keys = (self.exception_to, self.effect, self.outcome)
        if self.then and any(exception_keys):
            raise PydanticCustomError("rule_shape", "a rule either prescribes sanctions (then) or is an exception (exception_to, effect, outcome), not both")
        if not self.then and not all(exception_keys):
            raise PydanticCustomError("rule_shape", "a rule needs `then`, or all of `exception_to`, `effect` and `outcome`")
        triggers = [name for name in ("remedied", "fault_tolerance") if getattr(self.when, name)]
        if self.then and triggers:
            raise PydanticCustomError("rule_shape", "remedied / fault_tolerance belong in the `when` of an exception")
        if not self.then and len(triggers) != 1:
            raise PydanticCustomError("rule_shape", "an exception's `when` sets exactly one of remedied: true, fault_tolerance: true")
        if not self.then and self.when.requires is not None:
            raise PydanticCustomError("rule_shape", "`requires` belongs in the `when` of a sanction rule")
        return self


class RuleFile(_Strict):
    policy: str
    title: str | None = None
    source: str | None = None
    note: str | None = None
    rules: tuple[RuleSpec, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Sanction:
    code: str
    label: str
    words: str
    target: Literal["subject"] | RolesTarget | PeopleTarget
    condition: str | None


@dataclass(frozen=True)
class SanctionRule:
    """A compiled rule that prescribes sanctions when its conditions hold.

    Without `requires` it fires on the event, for the event's subject (of a kind in
    `subject_kinds`). With `requires` (a sanction code such as dishonesty-record) it fires
    for every holder of that conclusion under the same policy (of a kind in `subject_kinds`;
    a person named on the event counts as an official), and `target: subject` is that holder.
    """

    id: str
    policy_id: str
    basis: Basis
    review: Review
    binding: Binding
    order: int  # position in the rule file (clause order)
    subject_kinds: frozenset[str]
    severity: str | None  # severity code it is reserved for, e.g. serious
    domains: frozenset[str] | None  # domain codes it is limited to
    requires: Label | None  # the conclusion it presupposes, e.g. 纳入失信记录
    sanctions: tuple[Sanction, ...]

    @cached_property
    def ref(self) -> RuleRef:
        return RuleRef(id=self.id, basis=self.basis, review=self.review, binding=self.binding)


@dataclass(frozen=True)
class ExceptionRule:
    """A compiled exception: a remedied event or a fault-tolerance finding defeats or mitigates rules."""

    id: str
    policy_id: str
    basis: Basis
    review: Review
    binding: Binding
    subject_kinds: frozenset[str]
    trigger: Literal["remedied", "fault_tolerance"]
    exception_to: tuple[str, ...]
    effect: str
    outcome: Outcome

    @cached_property
    def ref(self) -> RuleRef:
        return RuleRef(id=self.id, basis=self.basis, review=self.review, binding=self.binding)


@dataclass(frozen=True)
class RuleBook:
    """Every rule, indexed for evaluation: rules on the event by (policy, subject kind), rules
    on a conclusion by (policy, sanction code, holder kind), exceptions by the rule they reach."""

    sanction_rules: Mapping[str, tuple[SanctionRule, ...]]  # policy id -> rules in file order
    exceptions: Mapping[str, tuple[ExceptionRule, ...]]  # policy id -> exceptions
    files: Mapping[str, Path]  # policy id -> rule file
    skipped: tuple[str, ...] = ()  # rule files whose policy is not loaded
    set_aside: Mapping[str, str] = field(default_factory=dict)  # policy id -> why its rule file was refused
    _on_event: dict[tuple[str, str], tuple[SanctionRule, ...]] = field(init=False, repr=False, compare=False)
    _on_conclusion: dict[tuple[str, str, str], tuple[SanctionRule, ...]] = field(init=False, repr=False, compare=False)
    _exceptions_to: dict[str, tuple[ExceptionRule, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        on_event: dict[tuple[str, str], list[SanctionRule]] = {}
        on_conclusion: dict[tuple[str, str, str], list[SanctionRule]] = {}
        for policy, rules in self.sanction_rules.items():
            for rule in rules:
                for kind in rule.subject_kinds:
                    if rule.requires is None:
                        on_event.setdefault((policy, kind), []).append(rule)
                    else:
                        on_conclusion.setdefault((policy, rule.requires.code, kind), []).append(rule)
        exceptions_to: dict[str, list[ExceptionRule]] = {}
        for exceptions in self.exceptions.values():
            for exception in exceptions:
                for target in exception.exception_to:
                    exceptions_to.setdefault(target, []).append(exception)
        object.__setattr__(self, "_on_event", {k: tuple(v) for k, v in on_event.items()})
        object.__setattr__(self, "_on_conclusion", {k: tuple(v) for k, v in on_conclusion.items()})
        object.__setattr__(self, "_exceptions_to", {k: tuple(v) for k, v in exceptions_to.items()})

    def rules_on_event(self, policy_id: str, subject_kind: str) -> tuple[SanctionRule, ...]:
        """Rules of the policy that fire on an event whose subject is of this kind (file order)."""
        return self._on_event.get((policy_id, subject_kind), ())

    def rules_on_conclusion(self, policy_id: str, code: str, holder_kind: str) -> tuple[SanctionRule, ...]:
        """Rules of the policy that presuppose conclusion `code` held by a holder of this kind."""
        return self._on_conclusion.get((policy_id, code, holder_kind), ())

    def exceptions_to(self, rule_id: str) -> tuple[ExceptionRule, ...]:
        """The exceptions that name this rule in `exception_to`."""
        return self._exceptions_to.get(rule_id, ())

    @property
    def rule_ids(self) -> tuple[str, ...]:
        ids = [rule.id for rules in self.sanction_rules.values() for rule in rules]
        return tuple(ids + [rule.id for rules in self.exceptions.values() for rule in rules])


def load_rulebook(
    directory: Path | str = DEFAULT_DIRECTORY,
    clause_texts: Mapping[str, Mapping[str, str]] | None = None,
    *,
    strict: bool = True,
) -> RuleBook:
    """Read every rule file in `directory`, check it against `clause_texts` and compile it.

    `clause_texts` maps policy id -> clause path -> verbatim simplified clause text (what
    the store holds; a text without numbered clauses is one clause, 全文). A rule file whose policy
    is not in it is skipped and listed in
    `RuleBook.skipped`: a policy that is not loaded cannot apply.

    `strict` raises RuleFileError on the first file that fails its checks (for authors and
    tests). Serving passes `strict=False`: such a file is set aside with its error in
    `RuleBook.set_aside` (keyed by the file's slug), so a policy whose loaded text has changed
    under its rule file yields no sanctions, said in every answer it applies to, while the
    other policies' rules still fire.
    """
    texts = clause_texts or {}
    sanction_rules: dict[str, tuple[SanctionRule, ...]] = {}
    exceptions: dict[str, tuple[ExceptionRule, ...]] = {}
    files: dict[str, Path] = {}
    skipped: list[str] = []
    set_aside: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            compiled = _compile_file(path, texts)
        except RuleFileError as error:
            if strict:
                raise
            set_aside[path.stem] = error.message
            continue
        if compiled is None:
            skipped.append(path.stem)
            continue
        sanction_rules[path.stem] = tuple(rule for rule in compiled if isinstance(rule, SanctionRule))
        exceptions[path.stem] = tuple(rule for rule in compiled if isinstance(rule, ExceptionRule))
        files[path.stem] = path
    return RuleBook(sanction_rules, exceptions, files, tuple(skipped), set_aside)


def check_rule_file(policy_id: str, clauses: Mapping[str, str], directory: Path | str = DEFAULT_DIRECTORY) -> str | None:
    """Why the rule file of `policy_id` does not fit these clause texts, or None when it does
    (or when the policy has no rule file). For ingest, to warn when a text changes under its rules."""
    path = Path(directory) / f"{policy_id}.yaml"
    if not path.exists():
        return None
    try:
        _compile_file(path, {policy_id: clauses})
    except RuleFileError as error:
        return error.message
    return None


def _compile_file(path: Path, texts: Mapping[str, Mapping[str, str]]) -> list | None:
    """The compiled rules of one file, or None when its policy is not loaded; RuleFileError if it fails a check."""
    source = _SourceFile(path)
    rule_file = source.validate()
    if rule_file.policy not in texts:
        return None
    compiled = [_compile(source, index, spec, rule_file.policy, texts[rule_file.policy]) for index, spec in enumerate(rule_file.rules)]
    _check_ids(source, compiled)
    _check_chains(source, compiled)
    return compiled


# libyaml's safe loader when PyYAML has it: the pure-Python one spent ~95% of
# load_rulebook's time parsing (23 ms a file, benchmarks/evaluate.py).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SourceFile:
    """A rule file's text, data and YAML node tree (for line numbers in errors)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        try:
            self.data = yaml.load(self.text, Loader=_YAML_LOADER)
        except yaml.YAMLError as error:
            raise RuleFileError(f"{path}: not valid YAML: {error}", field="rules") from None

    @cached_property
    def root(self) -> yaml.Node | None:
        """The node tree, composed only when an error needs a line number."""
        return yaml.compose(self.text, Loader=_YAML_LOADER)

    def validate(self) -> RuleFile:
        try:
            rule_file = RuleFile.model_validate(self.data)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise self.error(first["loc"], first["msg"]) from None
        if rule_file.policy != self.path.stem:
            raise self.error(("policy",), f"policy {rule_file.policy!r} does not match the file name {self.path.name}")
        return rule_file

    def error(self, location: tuple, message: str) -> RuleFileError:
        """'<file>:<line> rule <id>: <key>: <message>' for a location inside the data."""
        rule = ""
        if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
            rules = self.data.get("rules") or []
            if location[1] < len(rules) and isinstance(rules[location[1]], dict):
                rule = f" rule {rules[location[1]].get('id', '#' + str(location[1] + 1))}"
            key = ".".join(str(part) for part in location[2:]) or "rule"
        else:
            key = ".".join(str(part) for part in location) or "file"
        return RuleFileError(f"{self.path}:{self._line(location)}{rule}: {key}: {message}", field=key)

    def _line(self, location: tuple) -> int:
        node = self.root
        for part in location:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1 if node is not None else 1


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _compile(source: _SourceFile, index: int, spec: RuleSpec, policy_id: str, clauses: Mapping[str, str]):
    where = ("rules", index)
    if spec.clause not in clauses:
        raise source.error(where + ("clause",), f"{policy_id} has no clause {spec.clause}")
    prefix = clause_id(policy_id, spec.clause) + "/"
    if not spec.id.startswith(prefix) or len(spec.id) == len(prefix):
        raise source.error(where + ("id",), f"a rule id is <clause id>/<what it prescribes>, here {prefix}…")
    text = clauses[spec.clause]
    if spec.quote not in text:
        raise source.error(where + ("quote",), f"quote not found in clause {spec.clause} of {policy_id}")
    basis = Basis(policy_id=policy_id, clause_id=clause_id(policy_id, spec.clause), path=spec.clause, quote=spec.quote)
    _verbatim(source, where + ("binding", "words"), spec.binding.words, spec.quote)
    binding = Binding(level=spec.binding.level, words=spec.binding.words)
    if spec.then:
        return SanctionRule(
            id=spec.id,
            policy_id=policy_id,
            basis=basis,
            review=spec.review,
            binding=binding,
            order=index,
            subject_kinds=frozenset(spec.when.subject),
            severity=spec.when.severity.code if spec.when.severity else None,
            domains=frozenset(d.code for d in spec.when.domain) if spec.when.domain else None,
            requires=spec.when.requires,
            sanctions=tuple(_compile_sanction(source, where + ("then", n), s, spec.quote) for n, s in enumerate(spec.then)),
        )
    _verbatim(source, where + ("effect",), spec.effect, spec.quote)
    return ExceptionRule(
        id=spec.id,
        policy_id=policy_id,
        basis=basis,
        review=spec.review,
        binding=binding,
        subject_kinds=frozenset(spec.when.subject),
        trigger="remedied" if spec.when.remedied else "fault_tolerance",
        exception_to=spec.exception_to,
        effect=spec.effect,
        outcome=spec.outcome,
    )


def _compile_sanction(source: _SourceFile, where: tuple, spec: SanctionSpec, quote: str) -> Sanction:
    words = spec.words or spec.sanction.label
    _verbatim(source, where + ("words" if spec.words else "sanction",), words, quote)
    _verbatim(source, where + ("condition",), spec.condition, quote)
    if isinstance(spec.target, RolesTarget):
        for role in spec.target.roles:
            _verbatim(source, where + ("target", "roles"), role.label, quote)
    if isinstance(spec.target, PeopleTarget):
        _verbatim(source, where + ("target", "people"), spec.target.people, quote)
    return Sanction(spec.sanction.code, spec.sanction.label, words, spec.target, spec.condition)


def _verbatim(source: _SourceFile, where: tuple, words: str | None, quote: str) -> None:
    """Words a rule attributes to its clause must be in the rule's quote, as written."""
    if words is not None and words not in quote:
        raise source.error(where, f"{words!r} is not in the rule's quote")


def _check_chains(source: _SourceFile, compiled: list) -> None:
    """Every `requires` names a conclusion some rule of the file draws, and no conclusion
    presupposes itself (directly or through other rules): evaluation reaches a fixpoint."""
    rules = [rule for rule in compiled if isinstance(rule, SanctionRule)]
    drawn = {sanction.code for rule in rules for sanction in rule.sanctions}
    leads_to: dict[str, set[str]] = {}
    for rule in rules:
        if rule.requires is None:
            continue
        if rule.requires.code not in drawn:
            raise source.error(("rules", rule.order, "when", "requires"), f"no rule of {rule.policy_id} concludes {rule.requires.label}")
        leads_to.setdefault(rule.requires.code, set()).update(s.code for s in rule.sanctions)
    for rule in rules:
        if rule.requires is not None and rule.requires.code in _reachable(leads_to, {s.code for s in rule.sanctions}):
            raise source.error(("rules", rule.order, "when", "requires"), f"{rule.requires.label} would presuppose itself: the rules form a cycle")


def _reachable(leads_to: Mapping[str, set[str]], start: set[str]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for code in leads_to.get(todo.pop(), ()):
            if code not in seen:
                seen.add(code)
                todo.append(code)
    return seen


def _check_ids(source: _SourceFile, compiled: list) -> None:
    seen: set[str] = set()
    sanction_ids = {rule.id for rule in compiled if isinstance(rule, SanctionRule)}
    for index, rule in enumerate(compiled):
        if rule.id in seen:
            raise source.error(("rules", index, "id"), f"rule id {rule.id} is used twice")
        seen.add(rule.id)
        if isinstance(rule, ExceptionRule):
            for target in rule.exception_to:
                if target not in sanction_ids:
                    raise source.error(
                        ("rules", index, "exception_to"),
                        f"exception_to names {target}, which is not a sanction rule of {rule.policy_id}",
                    )
