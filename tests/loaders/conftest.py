"""Golden-file machinery for the loaders' tests: compare a parse with its reviewed golden,
and `--regen-golden` to rewrite it (the run still fails, so nobody regenerates by accident).

Run it as `pytest tests/loaders --regen-golden`: the option lives in this folder's
conftest, so pytest knows it when tests/loaders is on the command line.
"""

from __future__ import annotations

import difflib
import itertools
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from policykg.loaders import parse_document
from policykg.loaders.document import Document

CORPUS = files("policykg.loaders") / "corpus"
SEED_FILES = (
    "000_ce33fc1d13cf098e.txt", "001_350ef532a4b341f8.txt", "002_2c9410718cd0a972.txt",
    "003_4fbec7afa2bb6dc0.txt", "004_084f9c06af8bc641.txt",
)


@pytest.fixture(scope="session")
def parsed_seeds() -> dict[str, Document]:
    """parse_document of each seed, by file name, parsed once for all the loader tests."""
    return {name: parse_document((CORPUS / name).read_bytes(), source=name) for name in SEED_FILES}

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "documents"
REVIEW_LINE = "# reviewed against the Chinese source:"
NOT_REVIEWED = f"{REVIEW_LINE} NOT REVIEWED (regenerated; read it against the source, then write reviewer and date here)"


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden", action="store_true", default=False,
        help="rewrite tests/golden/documents/*.yaml from the current parse (the tests still fail)",
    )


class _GoldenDumper(yaml.SafeDumper):
    """Chinese unescaped, keys in the order given, multi-line text as literal blocks."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _is_scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float))


def _represent_list(dumper, value):
    """Short lists of scalars on one line (span, addressees); anything else one item a line."""
    flow = all(_is_scalar(item) for item in value) and len(str(value)) <= 100
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_dict(dumper, value):
    """A mapping of scalars (an agency, a sanction, a citation) on one line."""
    flow = all(_is_scalar(item) and "\n" not in str(item) for item in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)


_GoldenDumper.add_representer(str, _represent_str)
_GoldenDumper.add_representer(list, _represent_list)
_GoldenDumper.add_representer(dict, _represent_dict)


def dump_golden(data: dict) -> str:
    return yaml.dump(data, Dumper=_GoldenDumper, allow_unicode=True, sort_keys=False, width=1000)


def golden_header(path: Path) -> list[str]:
    """The comment lines that open a golden file (provenance and review note)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(itertools.takewhile(lambda line: line.startswith("#"), lines))


@pytest.fixture
def check_golden(request):
    """check_golden(slug, data, source): fail with a diff when `data` differs from the golden."""
    regenerate = request.config.getoption("--regen-golden")

    def check(slug: str, data: dict, source: str) -> None:
        path = GOLDEN_DIR / f"{slug}.yaml"
        current = dump_golden(data)
        if regenerate or not path.exists():
            header = golden_header(path) or [f"# golden: parse_document(loaders/corpus/{source})"]
            header = [NOT_REVIEWED if line.startswith(REVIEW_LINE) else line for line in header]
            if NOT_REVIEWED not in header:
                header.insert(1, NOT_REVIEWED)
            path.write_text("\n".join(header) + "\n" + current, encoding="utf-8")
            pytest.fail(f"wrote {path}: review it against loaders/corpus/{source}, then run without --regen-golden")
        expected = dump_golden(yaml.safe_load(path.read_text(encoding="utf-8")))
        if current != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), current.splitlines(), f"golden/{slug}.yaml", "current parse", lineterm=""
            )
            pytest.fail("the parse differs from the reviewed golden:\n" + "\n".join(diff), pytrace=False)

    return check
