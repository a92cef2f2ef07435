"""Serves the command line: `policykg serve | ingest | evaluate | export | sync | neo4j-server`, a thin Click layer over the
same functions the API uses.

Every PolicykgError becomes one line `policykg: <message>` on stderr and exit code 1;
a traceback means a bug. Heavy imports (spaCy, owlrl) happen inside the commands so that
`policykg --help` stays quick.
"""

from __future__ import annotations

import socket
from pathlib import Path

import click

from policykg.api.answers import NOT_APPLICABLE_LIMIT, QUOTE_FORMS, AnswerForm, encode, evaluation_body
from policykg.errors import ConfigurationError, InvalidRequest, PolicykgError
from policykg.queries.neo4j_server.cli import neo4j_server
from policykg.settings import STORE_KINDS, Settings

EXPORT_FORMATS = ("turtle", "json-ld")


class PolicykgGroup(click.Group):
    """A group that reports PolicykgError as one line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PolicykgError as error:
            click.echo(f"policykg: {error.message}", err=True)
            ctx.exit(1)


@click.group(cls=PolicykgGroup)
@click.version_option(package_name="policykg")
def main() -> None:
    """policykg: a knowledge graph of Chinese government-integrity (政务诚信) policies."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default=None,
              help="default: POLICYKG_STORE, else embedded")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="gunicorn sync workers; default: one per core")
@click.option("--dev", is_flag=True, help="Werkzeug's development server (one process) instead of gunicorn")
def serve(host: str, port: int, store_kind: str | None, workers: int | None, dev: bool) -> None:
    """Serve the API and the page, loading the bundled seed corpus on first start."""
    from policykg.api import serving

    settings = _settings(store_kind)
    store = _open_loaded_store(settings)
    try:
        if store.kind == "neo4j" and store.documents():  # Neo4j up to POLICYKG_HOME; no-op when equal
            click.echo(f"policykg: sync: {store.sync().summary()}", err=True)
        policies = store.policy_count()
    finally:
        store.close()  # the server opens the store itself: each gunicorn worker after its fork
    production = not dev and serving.production_available()
    workers = (workers or serving.default_workers()) if production else None
    announcement = serving.announce(host, port, policies, settings.store, workers)
    with _listening_socket(host, port) as listening:  # bound here: a taken port is one policykg line
        if production:
            serving.serve_production(settings, listening, workers, announcement)
        else:
            serving.serve_development(settings, listening, announcement)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default=None,
              help="default: POLICYKG_STORE, else embedded")
@click.option("--without-seed-corpus", is_flag=True,
              help="into an empty store, add only PATHS (by default the bundled seed corpus comes first, as on serve)")
def ingest(paths: tuple[Path, ...], store_kind: str | None, without_seed_corpus: bool) -> None:
    """Add policy texts to the store (a changed file replaces its earlier version)."""
    from policykg.api.pipeline import ingest_paths
    from policykg.queries.store import open_store

    settings = _settings(store_kind)
    store = open_store(settings) if without_seed_corpus else _open_loaded_store(settings)
    try:
        report = ingest_paths(store, paths)
    finally:
        store.close()
    _echo_report(report)
    if report.failures:
        click.get_current_context().exit(1)


@main.command()
@click.argument("policy_id")
@click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default=None,
              help="default: POLICYKG_STORE, else embedded")
def remove(policy_id: str, store_kind: str | None) -> None:
    """Take a loaded policy (by id, as ingest printed it) and its document out of the store."""
    from policykg.api.pipeline import remove_policy
    from policykg.queries.store import open_store

    store = open_store(_settings(store_kind))
    try:
        removed = remove_policy(store, policy_id)
    finally:
        store.close()
    click.echo(f"{'removed':<9} {removed.policy_id:<24} {removed.source}")


@main.command()
@click.argument("event_file", type=click.File("r", encoding="utf-8"))
@click.option("--batch", is_flag=True,
              help="EVENT_FILE is JSON Lines, one event a line; prints one evaluation a line")
@click.option("--explain", is_flag=True,
              help="print the answer as an indented tree in Chinese: each sanction, the rule and clause it rests on, its premises, the exceptions considered")
@click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default=None,
              help="default: POLICYKG_STORE, else embedded")
@click.option("--quotes", type=click.Choice(QUOTE_FORMS), default="inline", show_default=True,
              help="table: each quote once, in `quotes`, each basis naming it by `quote_key` (as ?quotes=table)")
@click.option("--list-unrelated", is_flag=True,
              help=f"also list policies of unrelated divisions as not applicable (at most {NOT_APPLICABLE_LIMIT})")
def evaluate(event_file, batch: bool, explain: bool, store_kind: str | None, quotes: str, list_unrelated: bool) -> None:
    """Print what follows from a dishonesty event (JSON, as POST /api/evaluate takes it; - reads stdin)."""
    from policykg.api.bodies import load_json
    from policykg.api.evaluation import EvaluationContexts
    from policykg.api.explain import explain as explained

    if batch and explain:
        raise InvalidRequest("--explain 以树形打印单个事件的结论，不能与 --batch 同用", field="explain")

    form = AnswerForm(quotes=quotes, list_unrelated=list_unrelated)
    store = _open_loaded_store(_settings(store_kind))
    try:
        context = EvaluationContexts(store).current()
        if batch:
            failures = _evaluate_lines(event_file, context, form)
            if failures:
                raise InvalidRequest(f"{failures} 个事件无法评估，见其错误行")
            return
        evaluation = _evaluate_one(load_json(event_file.read(), "事件文件"), context, form)
        click.echo(explained(evaluation) if explain else encode(evaluation, indent=True), nl=not explain)
    finally:
        store.close()


def _evaluate_one(data, context, form: AnswerForm) -> dict:
    from datetime import datetime, timezone

    from policykg.api.records import local_day
    from policykg.rules import evaluate_event, parse_event

    event = parse_event(data, today=local_day(datetime.now(timezone.utc)))  # as POST /api/evaluate: no future event
    evaluation = evaluate_event(event, context.rulebook, context.facts, list_unrelated=form.list_unrelated)
    return evaluation_body(evaluation, form)


def _evaluate_lines(lines, context, form: AnswerForm) -> int:
    """One evaluation (or one error object naming the line) per input line; returns the failures."""
    from policykg.api.bodies import load_json

    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            result = _evaluate_one(load_json(line, f"第 {number} 行"), context, form)
        except PolicykgError as error:
            failures += 1
            result = {"line": number, **error.to_json()}
        click.echo(encode(result))
    return failures


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="file to write; default: standard output")
@click.option("--asserted-only", is_flag=True, help="leave out the triples the OWL 2 RL closure inferred")
def export(fmt: str, output: Path | None, asserted_only: bool) -> None:
    """Write the knowledge graph as Turtle or JSON-LD."""
    from policykg.loaders.to_rdf import serialize_graph
    from policykg.queries.store import open_store

    store = open_store(_settings(None))
    try:
        snapshot = store.snapshot()
    finally:
        store.close()
    graph = snapshot.asserted if asserted_only else snapshot.asserted + snapshot.inferred
    text = serialize_graph(graph, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"cannot write {output}: {error.strerror or error}", field="output")
    click.echo(f"policykg: wrote {len(graph)} triples to {output}", err=True)


@main.command()
@click.option("--dry-run", is_flag=True, help="report what would change, write nothing")
@click.option("--verify", is_flag=True,
              help="read the graph back and compare even when the last sync's digest says nothing changed "
                   "(after changing the database by hand)")
def sync(dry_run: bool, verify: bool) -> None:
    """Write the knowledge graph of POLICYKG_HOME into Neo4j (NEO4J_URI), changing only what differs."""
    from policykg.queries.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(_settings("neo4j"))
    try:
        report = store.sync(dry_run=dry_run, verify=verify)
    finally:
        store.close()
    click.echo(report.summary())


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        raise ConfigurationError(f"cannot listen on {host}:{port}: {error.strerror or error}", field="port")


def _open_loaded_store(settings: Settings):
    """The store `settings` names, with the bundled seed corpus loaded if it holds nothing yet."""
    from policykg.queries.store import open_store

    store = open_store(settings)
    if not store.documents() and store.policy_count() == 0:
        from policykg.api.pipeline import ensure_seed_corpus

        click.echo(f"policykg: first start of the {store.kind} store under {settings.home}, "
                   "loading the bundled seed corpus…", err=True)
        _echo_report(ensure_seed_corpus(store))
    return store


def _settings(store_kind: str | None) -> Settings:
    settings = Settings.from_env()
    return settings.with_store(store_kind) if store_kind else settings


def _echo_report(report) -> None:
    """One line per file on stdout; warnings and failures as `policykg:` lines on stderr."""
    if report is None:
        return
    for outcome in report.files:
        if outcome.status == "failed":
            click.echo(f"policykg: {outcome.message}", err=True)
            continue
        note = f"  ({outcome.message})" if outcome.message else ""
        click.echo(f"{outcome.status:<9} {outcome.policy_id:<24} {outcome.path}{note}")
        for warning in outcome.warnings:
            click.echo(f"policykg: {outcome.path}: warning: {warning}", err=True)


main.add_command(neo4j_server)  # the project's own Neo4j server: queries/neo4j_server/
