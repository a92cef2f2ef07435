"""Reads Chinese sentences with spaCy: a blank `zh` pipeline segmented by jieba, plus the
rule-based components registered in components.py. No statistical model is involved (none
can be downloaded here); everything the pipeline finds comes from loaders/patterns/.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language

# registers the factories named below with spaCy
from policykg.loaders import components  # noqa: F401

JIEBA_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
PIPES = ("sanction_mentions", "obligation_modality")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The pipeline, built once per process (jieba loads its dictionary in ~2 s)."""
    # jieba announces its dictionary on stderr at DEBUG level; keep the CLI's output clean
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config=JIEBA_CONFIG)
    for name in PIPES:
        nlp.add_pipe(name)
    return nlp
