"""Reads policy texts into typed documents: bytes -> text -> normalised text -> metadata and
clause tree -> annotated Document.

`parse_document` and `structure_document` are pure; `load_document` opens a file, through
files.read_policy_file as ingest does (regular files only).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from policykg.errors import DocumentError
from policykg.loaders.clauses import structure_clauses, without_numbering
from policykg.loaders.decoding import decode_bytes
from policykg.loaders.document import Document
from policykg.loaders.files import read_policy_file
from policykg.loaders.metadata import extract_metadata
from policykg.loaders.normalize import NormalizedText, normalize_text

__all__ = ["Document", "load_document", "parse_document", "structure_document"]


def parse_document(raw: bytes, *, source: str) -> Document:
    """The annotated document in `raw`, the bytes of the file named `source`.

    Raises DocumentError (or its DocumentDecodeError) naming `source` when the bytes are
    not a text, or the text has no words (only web chrome or clause numerals); a text
    without title or numbering gives a document with warnings.
    """
    # imported here, not at the top, so that importing policykg.loaders.document never loads spaCy
    from policykg.loaders.annotate import annotate_document

    decoded = decode_bytes(raw, source=source)
    document = structure_document(
        decoded.text, source=source, sha256=hashlib.sha256(raw).hexdigest(), encoding=decoded.encoding
    )
    return annotate_document(document)


def structure_document(original_text: str, *, source: str, sha256: str, encoding: str) -> Document:
    """The document's metadata and clause tree, before annotation (agencies, sanctions,
    obligations and citations are left empty for annotate_document)."""
    normalized = normalize_text(original_text)
    _refuse_wordless(normalized, source)
    structure = structure_clauses(normalized.text)
    metadata = extract_metadata(normalized.text, header_end=structure.body_start, dropped=normalized.dropped)
    return Document(
        id=metadata.id,
        source=source,
        sha256=sha256,
        encoding=encoding,
        title=metadata.title,
        doc_number=metadata.doc_number,
        issuer=metadata.issuer,
        jurisdiction=metadata.jurisdiction,
        issued_on=metadata.issued_on,
        effective_from=metadata.effective_from,
        effective_until=metadata.effective_until,
        kind=metadata.kind,
        addressees=metadata.addressees,
        clauses=structure.clauses,
        citations=[],
        text=normalized.text,
        original_text=original_text,
        offset_map=normalized.offset_map,
        warnings=[*metadata.warnings, *structure.warnings],
    )


def _refuse_wordless(normalized: NormalizedText, source: str) -> None:
    """DocumentError when nothing but web chrome or clause numerals (一、 二、 (一)) is left:
    such a file has no title, no clause text and nothing to cite, so it is refused like an
    empty file rather than stored as a policy titled 一、. A text with words but no title or
    no numbering is a document with warnings."""
    lines = normalized.text.split("\n")
    if any(char.isalnum() for line in lines for char in without_numbering(line)):
        return
    if not normalized.text.strip():
        reasons = ", ".join(dict.fromkeys(line.reason for line in normalized.dropped)) or "blank lines"
        raise DocumentError(f"{source}: no policy text: every line is web page chrome ({reasons}) / 没有政策正文:每一行都是网页框架",
                            field="file")
    numerals = " ".join(line for line in lines if line.strip())[:40]
    raise DocumentError(
        f"{source}: no policy text: nothing but clause numbering and punctuation ({numerals}), no title and no "
        "clause text / 没有政策正文:只有条款编号和标点,没有标题和条文", field="file"
    )


def load_document(path: Path | str) -> Document:
    """Read and parse one file; DocumentError names the file when it cannot be read."""
    path = Path(path)
    return parse_document(read_policy_file(path), source=path.name)
