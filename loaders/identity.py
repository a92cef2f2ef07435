"""One policy, however many copies: whether two loaded documents are the same policy, and
the one document their copies make. Pure functions over documents.

The same national or provincial text is saved from several sites: one in traditional script
with pinyin glosses and without its number, another simplified with it. They are one policy
when

- both carry a document number and the numbers are the same (brackets and 第 aside); or
- at most one carries a number, their titles are the same once normalised (script, glosses,
  blanks and punctuation ignored: loaders/references.py), and neither their issuers nor
  their issue dates disagree.

Two numbered copies with different numbers are two policies, whatever their titles.

The first copy stays the policy; a later one adds its file to `Document.copies` and fills
what the first lacks (a number, an issuer, a date); where both state a value and the values
differ, the first's stands and a warning names both files and both values.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policykg.loaders.document import Document
from policykg.loaders.references import normalized_doc_number, normalized_title

__all__ = ["merge_copies", "same_policy"]

# The fields a second copy may fill, with their Chinese names for the conflict warning.
_FILLABLE = (
    ("doc_number", "文号"), ("issuer", "发文机关"), ("jurisdiction", "适用地域"), ("issued_on", "成文日期"),
    ("effective_from", "施行日期"), ("effective_until", "失效日期"),
)


def same_policy(first: Document, second: Document) -> bool:
    """Whether `second` is another copy of the policy `first` is (see the module's rules)."""
    first_number, second_number = normalized_doc_number(first.doc_number), normalized_doc_number(second.doc_number)
    if first_number and second_number:
        return first_number == second_number
    if normalized_title(first.title) != normalized_title(second.title):
        return False
    return _compatible_issuers(first.issuer, second.issuer) and _compatible(first.issued_on, second.issued_on)


def _compatible(first, second) -> bool:
    return first is None or second is None or first == second


def _compatible_issuers(first: str | None, second: str | None) -> bool:
    """福建省人民政府 and 福建省政府 are one issuer; an issuer missing from a copy disagrees with none."""
    if first is None or second is None:
        return True
    return _issuer_key(first) == _issuer_key(second)


def _issuer_key(issuer: str) -> str:
    return re.sub(r"人民政府", "政府", normalized_title(issuer))


def merge_copies(first: Document, second: Document) -> Document:
    """`first` with `second` recorded as a copy: its file added, the fields `first` lacks
    filled from it, and a warning for each field on which the two disagree."""
    filled, warnings = {}, []
    for name, label in _FILLABLE:
        mine, theirs = getattr(first, name), getattr(second, name)
        if mine is None and theirs is not None:
            filled[name] = theirs
        elif mine is not None and theirs is not None and mine != theirs:
            warnings.append(f"同一政策的两个副本{label}不一致:{first.source} 为“{_shown(mine)}”,{second.source} 为"
                            f"“{_shown(theirs)}”,取前者")
    return replace(first, **filled, copies=[*first.copies, second.source, *second.copies],
                   warnings=[*first.warnings, *warnings])


def _shown(value) -> str:
    if hasattr(value, "full_name"):
        return value.full_name
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
