"""Serves the command line: `policykg serve | ingest | evaluate | export | sync | neo4j-server`, a thin Click layer over the
same functions the API uses.

Every PolicykgError becomes one line `policykg: <message>` on stderr and exit code 1;
a traceback means a bug. Heavy imports (spaCy, owlrl) happen inside the commands so that
`policykg --help` stays quick.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import click

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
def serve(host: str, port: int, store_kind: str | None) -> None:
    """Serve the API and the page, loading the bundled seed corpus on first start."""
    from werkzeug.serving import make_server

    from policykg.api.app import create_app

    settings = _settings(store_kind)
    store = _open_loaded_store(settings)
    if store.kind == "neo4j" and store.snapshot().documents:  # Neo4j up to POLICYKG_HOME; no-op when equal
        click.echo(f"policykg: sync: {store.sync().summary()}", err=True)
    app = create_app(settings, store)
    # Werkzeug's threaded server: one process, so the graph is loaded once and a later
    # `policykg ingest` is picked up on the next request. For more throughput run the same
    # factory under gunicorn: gunicorn -w 2 'policykg.api.app:create_app()'. The socket is
    # bound here so that a taken port is a policykg error, not Werkzeug's own exit.
    with _listening_socket(host, port) as listening:
        server = make_server(host, port, app, threaded=True, fd=listening.fileno())
    click.echo(f"policykg: serving http://{host}:{port}/ ({store.policy_count()} policies); Ctrl-C stops", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()


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
@click.option("--store", "store_kind", type=click.Choice(STORE_KINDS), default=None,
              help="default: POLICYKG_STORE, else embedded")
def evaluate(event_file, batch: bool, store_kind: str | None) -> None:
    """Print what follows from a dishonesty event (JSON, as POST /api/evaluate takes it; - reads stdin)."""
    from policykg.api.evaluate import load_json
    from policykg.api.evaluation import EvaluationContexts

    store = _open_loaded_store(_settings(store_kind))
    try:
        context = EvaluationContexts(store).current()
        if batch:
            failures = _evaluate_lines(event_file, context)
            if failures:
                raise InvalidRequest(f"{failures} event(s) could not be evaluated; see their error lines")
            return
        evaluation = _evaluate_one(load_json(event_file.read(), "the event file"), context)
        click.echo(json.dumps(evaluation, ensure_ascii=False, indent=2))
    finally:
        store.close()


def _evaluate_one(data, context, **options) -> dict:
    from policykg.rules import evaluate_event, parse_event

    return evaluate_event(parse_event(data), context.rulebook, context.facts, **options).model_dump(mode="json")


def _evaluate_lines(lines, context) -> int:
    """One evaluation (or one error object naming the line) per input line; returns the failures.

    Batch output leaves out the policies that do not apply (list_unrelated=False): with
    thousands of loaded policies, listing every unrelated one per event dominates the cost.
    """
    from policykg.api.evaluate import load_json

    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            result = _evaluate_one(load_json(line, f"line {number}"), context, list_unrelated=False)
        except PolicykgError as error:
            failures += 1
            result = {"line": number, **error.to_json()}
        click.echo(json.dumps(result, ensure_ascii=False))
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
def sync(dry_run: bool) -> None:
    """Write the knowledge graph of POLICYKG_HOME into Neo4j (NEO4J_URI), changing only what differs."""
    from policykg.queries.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(_settings("neo4j"))
    try:
        report = store.sync(dry_run=dry_run)
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
