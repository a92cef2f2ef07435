"""The bundled corpus is the seed texts, byte for byte (loaders/corpus/README.md)."""

import hashlib
import re
from importlib.resources import files

CORPUS = files("policykg.loaders") / "corpus"


def recorded_checksums() -> dict[str, str]:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"\| `(\d{3}_[0-9a-f]+\.txt)` \|.*\| `([0-9a-f]{64})` \|", readme))


def test_corpus_files_match_their_recorded_sha256():
    recorded = recorded_checksums()
    shipped = {p.name for p in CORPUS.iterdir() if p.name.endswith(".txt")}
    assert shipped == set(recorded), "every shipped seed is listed in corpus/README.md, and only those"
    for name, checksum in recorded.items():
        assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == checksum, name
