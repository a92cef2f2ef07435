"""Serves the controlled vocabularies and the gazetteer, for forms and clients that need
the accepted labels: domains, roles, severities, sanctions; jurisdictions by name."""

from __future__ import annotations

from flask import Blueprint, request

from policykg.ontology.gazetteer import search_jurisdictions
from policykg.ontology.vocabulary import concepts
from policykg.rules.event import SUBJECT_KIND_LABELS

bp = Blueprint("vocabularies", __name__)



@bp.get("/api/vocabularies")
def vocabularies():
    def listed(scheme: str) -> list[dict]:
        return [{"code": c.code, "label": c.label_zh, "label_en": c.label_en} for c in concepts(scheme)]

    return {
        "domains": listed("domains"),
        "roles": listed("roles"),
        "severities": listed("severities"),
        "sanctions": listed("sanctions"),
        "subject_kinds": [{"code": code, "label": label} for code, label in SUBJECT_KIND_LABELS.items()],
    }


@bp.get("/api/jurisdictions")
def jurisdictions():
    return [
        {"adcode": j.adcode, "name": j.name, "full_name": j.full_name, "level": j.level, "path": list(j.path)}
        for j in search_jurisdictions(request.args.get("q", ""), limit=20)
    ]
