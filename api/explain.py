"""Prints an evaluation as people read it: `policykg evaluate --explain` (indented, Chinese).

Each sanction with its target and how binding it is, then its justification tree: the
conclusion, the rule (clause, id, review status) with the quote, the premises (a derived one
with the tree of the rule that drew it, one level deeper) and the exceptions considered;
then the mitigations, and the rules of applicable policies that drew nothing, with why.
Works on the answer's JSON (`Evaluation.model_dump(mode="json")`), as the page does.
"""

from __future__ import annotations

from collections.abc import Iterator

BINDING = {"mandatory": "必须执行", "discretionary": "可以执行（酌定）", "graded": "按程度选择执行"}
OUTCOME = {"mitigated": "可从轻或免于", "waivable": "可不予记录", "excluded": "不予记录"}
REVIEW = {"reviewed": "已审核", "drafted": "程序起草，未审核"}
_STEP = "  "


def explain(answer: dict) -> str:
    return "\n".join(_lines(answer)) + "\n"


def _lines(answer: dict) -> Iterator[str]:
    yield "适用的政策："
    for policy in answer["applicable_policies"]:
        yield f"{_STEP}《{policy['title']}》" + (f"（{policy['doc_number']}）" if policy["doc_number"] else "")
    if not answer["applicable_policies"]:
        yield f"{_STEP}无（{answer['reason']}）"
    yield f"惩戒措施（{len(answer['sanctions'])}）："
    for sanction in answer["sanctions"]:
        waiver = "；可免除：所依据的记录可不纳入" if sanction["waivable"] else ""
        yield f"{_STEP}{sanction['sanction']} — {_target(sanction['target'])} · {_binding(sanction['binding'])}{waiver}"
        for tree in sanction["justification"]:
            yield from _tree(tree, 2)
    if answer["mitigations"]:
        yield "从轻、减免与容错："
        for mitigation in answer["mitigations"]:
            yield f"{_STEP}{mitigation['effect']}：{mitigation['reason']}"
            yield from _rule(mitigation["justification"]["rule"], 2)
    yield f"未适用的规则（{len(answer['not_fired'])}）："
    for rule in answer["not_fired"]:
        yield f"{_STEP}{rule['text']}（{rule['rule']['id']}）"


def _tree(tree: dict, depth: int) -> Iterator[str]:
    indent = _STEP * depth
    yield f"{indent}结论：{tree['conclusion']}"
    if tree["condition"]:
        yield f"{indent}{_STEP}尚须认定：{tree['condition']}"
    yield from _rule(tree["rule"], depth + 1)
    for premise in tree["premises"]:
        source = "由其他规则得出" if premise["kind"] == "derived" else "事件事实"
        yield f"{indent}{_STEP}前提（{source}）：{premise['text']}"
        for inner in premise["justification"]:
            yield from _tree(inner, depth + 2)
    for exception in tree["exceptions"]:
        yield f"{indent}{_STEP}例外 {exception['rule']['basis']['path']}（{OUTCOME[exception['outcome']]}）：{exception['text']}"


def _rule(rule: dict, depth: int) -> Iterator[str]:
    indent = _STEP * depth
    basis = rule["basis"]
    yield f"{indent}依据：{basis['policy_id']} {basis['path']}（{rule['id']}，{REVIEW[rule['review']]}）· {_binding(rule['binding'])}"
    yield f"{indent}{_STEP}“{basis['quote']}”"


def _binding(binding: dict) -> str:
    return f"{BINDING[binding['level']]}（原文：“{binding['words']}”）"


def _target(target: dict) -> str:
    if target["kind"] == "person":
        return f"{target['name'] or '（事件未指明）'}（{target['role']}）"
    return target["name"]
