"""Serves the policies: every loaded or cited policy, and one policy with its clause tree."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint

from policykg.api.context import current_store
from policykg.api.paging import page

bp = Blueprint("policies", __name__)


@bp.get("/api/policies")
def list_policies():
    policies, headers = page(current_store().policies(), key=lambda policy: (not policy.loaded, policy.id))
    return [asdict(policy) for policy in policies], headers


@bp.get("/api/policies/<policy_id>")
def show_policy(policy_id: str):
    detail = current_store().policy(policy_id)
    return {**asdict(detail.policy), "clauses": [asdict(clause) for clause in detail.clauses]}
