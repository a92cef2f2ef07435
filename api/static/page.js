// The "what sanctions apply" page: builds an event from the form, posts it to
// /api/evaluate and renders the answer. Every text from the server goes through
// textContent, never innerHTML, so quoted policy text and user input stay inert.
"use strict";

const $ = (id) => document.getElementById(id);
let roles = [];

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function getJson(url) {
  const response = await fetch(url);
  return response.ok ? response.json() : null;
}

async function loadVocabularies() {
  const vocab = await getJson("/api/vocabularies");
  if (!vocab) return;
  roles = vocab.roles;
  for (const domain of vocab.domains) $("domain").append(el("option", { value: domain.label, textContent: domain.label }));
  addPerson();
}

function addPerson() {
  const row = $("person-row").content.firstElementChild.cloneNode(true);
  const select = row.querySelector(".person-role");
  for (const role of roles) select.append(el("option", { value: role.label, textContent: role.label }));
  row.querySelector(".remove-person").addEventListener("click", () => row.remove());
  $("persons").append(row);
}

function suggest(input, list, url, label) {
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const items = input.value.trim() ? await getJson(url + encodeURIComponent(input.value.trim())) : [];
      list.replaceChildren(...(items || []).slice(0, 20).map((item) => el("option", { value: label(item) })));
    }, 150);
  });
}

function eventFromForm() {
  const persons = [...document.querySelectorAll("#persons .person")]
    .map((row) => ({ name: row.querySelector(".person-name").value.trim(), role: row.querySelector(".person-role").value }))
    .filter((person) => person.name);
  const event = {
    occurred_on: $("occurred_on").value,
    jurisdiction: $("jurisdiction").value.trim(),
    subject: { kind: $("subject_kind").value, name: $("subject_name").value.trim() },
    severity: $("severity").value,
    behaviour: $("behaviour").value.trim(),
    persons,
    remedied: $("remedied").checked,
    fault_tolerance: $("fault_tolerance").checked,
  };
  if ($("domain").value) event.domain = $("domain").value;
  return event;
}

function basisList(basis) {
  return el("div", { className: "basis" }, ...basis.map((b) => el("div", {},
    el("a", { href: "/api/clauses/" + b.clause_id, textContent: `${b.policy_title || b.policy_id} ${b.path}`, className: "clause-link" }),
    el("blockquote", { textContent: b.quote }))));
}

function section(title, id, ...children) {
  return el("section", { id }, el("h2", { textContent: title }), ...children);
}

function whyInChinese(policy) {
  const where = policy.applies_in ? `适用于${policy.applies_in}` : "";
  const since = !policy.effective_from ? ""
    : policy.kind === "news-summary" ? `据${policy.effective_from}的新闻摘要（摘要未载明施行日期）` : `自${policy.effective_from}起施行`;
  return [where, since].filter(Boolean).join("；") || policy.why;
}

function targetText(target) {
  if (!target) return "";
  const who = [target.role, target.name].filter(Boolean).join(" ");
  return who || (target.kind === "person" ? "相关人员" : "失信主体");
}

const BINDING = { mandatory: "必须执行", discretionary: "可以执行（酌定）", graded: "按程度选择执行" };
const OUTCOME = { mitigated: "可从轻或免于", waivable: "可不予记录", excluded: "不予记录" };

function bindingText(binding) {
  return `${BINDING[binding.level]}（原文：“${binding.words}”）`;
}

function ruleLine(rule) {
  return el("div", { className: "rule" },
    el("a", { href: "/api/clauses/" + rule.basis.clause_id, textContent: `${rule.basis.policy_id} ${rule.basis.path}`, className: "clause-link" }),
    el("span", { className: "muted", textContent: ` · ${bindingText(rule.binding)} · ${rule.review === "reviewed" ? "规则已经人工审核" : "规则由程序起草，尚未审核"}` }),
    el("blockquote", { textContent: rule.basis.quote }));
}

// One justification as a nested list: the conclusion, the rule, each premise (a derived one
// with its own tree, folded), the exceptions considered.
function justificationTree(tree) {
  const premises = tree.premises.map((p) => el("li", { className: `premise ${p.kind}` },
    p.kind === "derived"
      ? el("details", {}, el("summary", { textContent: "前提（由其他规则得出）：" + p.text }), ...p.justification.map(justificationTree))
      : el("span", { textContent: "前提（事件事实）：" + p.text })));
  const exceptions = tree.exceptions.map((e) => el("li", { className: "exception" + (e.applies ? " applies" : ""),
    textContent: `例外 ${e.rule.basis.path}（${OUTCOME[e.outcome]}）：${e.text}` }));
  return el("ul", { className: "tree" }, el("li", {},
    el("div", { className: "conclusion", textContent: "结论：" + tree.conclusion }),
    ...(tree.condition ? [el("div", { className: "condition", textContent: "尚须认定：" + tree.condition })] : []),
    ruleLine(tree.rule),
    el("ul", {}, ...premises, ...exceptions)));
}

function why(justification) {
  return el("details", { className: "why" }, el("summary", { textContent: "为什么" }), ...justification.map(justificationTree));
}

function renderAnswer(answer) {
  const parts = [];
  const path = (answer.event.jurisdiction_path || []).join(" / ");
  if ((answer.warnings || []).length) {
    parts.push(section("注意：答案不完整", "warnings", el("ul", {}, ...answer.warnings.map((w) => el("li", { className: "error", textContent: w })))));
  }
  parts.push(section("适用的政策", "applicable",
    answer.applicable_policies.length
      ? el("ul", {}, ...answer.applicable_policies.map((p) => el("li", { className: "policy", textContent: `《${p.title}》${p.doc_number ? "（" + p.doc_number + "）" : ""}：${whyInChinese(p)}` })))
      : el("p", { className: "muted", textContent: answer.reason || `${path} 没有已载入的适用政策。` }),
    ...(answer.not_applicable.length ? [el("details", {}, el("summary", { textContent: `不适用的政策（${answer.not_applicable.length}）` }),
      el("ul", {}, ...answer.not_applicable.map((p) => el("li", { textContent: `${p.title || p.id}：${p.reason}` }))))] : [])));
  parts.push(section(`适用的惩戒措施（${answer.sanctions.length}）`, "sanctions",
    ...(answer.sanctions.length ? answer.sanctions.map((s) => el("div", { className: "sanction" },
      el("div", { className: "name", textContent: s.sanction }),
      el("div", { className: "target", textContent: "对象：" + targetText(s.target) }),
      el("div", { className: "binding", textContent: "约束力：" + bindingText(s.binding) }),
      ...(s.condition ? [el("div", { className: "condition", textContent: "前提：" + s.condition })] : []),
      ...(s.premise_conditions || []).map((c) => el("div", { className: "condition", textContent: `所依据的记录须满足（${c.basis.path}）：${c.condition}` })),
      ...(s.waivable ? [el("div", { className: "waivable", textContent: "可免除：所依据的失信记录可不纳入（" + s.mitigations.join("；") + "）" })] : []),
      basisList(s.basis), why(s.justification))) : [el("p", { className: "muted", textContent: "依据已载入的条款，没有适用的惩戒措施。" })])));
  if (answer.accountable_persons.length) {
    parts.push(section("责任人员", "accountable", el("ul", {}, ...answer.accountable_persons.map((p) =>
      el("li", { textContent: `${p.name || "（未指明）"} · ${p.role}${p.identified === false ? " · 事件中未指明此人" : ""}` })))));
  }
  if (answer.mitigations.length) {
    parts.push(section("从轻、减免与容错", "mitigations", ...answer.mitigations.map((m) => el("div", { className: "mitigation" },
      el("div", { textContent: `${m.effect}：${m.applies ? "适用" : "不适用"}` }),
      el("div", { className: "muted", textContent: `${m.reason} · ${bindingText(m.binding)}` }), basisList(m.basis)))));
  }
  if (answer.obligations.length) {
    parts.push(section(`该主体承担的任务（${answer.obligations.length}）`, "obligations", el("details", {},
      el("summary", { textContent: "展开" }),
      ...answer.obligations.map((o) => el("div", {}, el("div", { textContent: `${o.agency} · ${o.role || ""}` }), basisList(o.basis))))));
  }
  parts.push(el("details", { id: "not-fired" }, el("summary", { textContent: `未适用的规则（${answer.not_fired.length}）` }),
    el("ul", {}, ...answer.not_fired.map((n) => el("li", {}, el("div", { textContent: n.text }), ruleLine(n.rule))))));
  $("answer").replaceChildren(...parts);
  $("answer").hidden = false;
}

function renderError(error) {
  const message = error.field ? `${error.message}（字段：${error.field}）` : error.message;
  $("answer").replaceChildren(el("p", { className: "error", textContent: message }));
  $("answer").hidden = false;
}

async function evaluate(submit) {
  submit.preventDefault();
  const response = await fetch("/api/evaluate", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(eventFromForm()),
  });
  const body = await response.json();
  if (response.ok) renderAnswer(body); else renderError(body.error);
}

document.addEventListener("DOMContentLoaded", () => {
  $("occurred_on").value = new Date().toISOString().slice(0, 10);
  $("add-person").addEventListener("click", addPerson);
  $("event-form").addEventListener("submit", evaluate);
  suggest($("jurisdiction"), $("jurisdiction-suggestions"), "/api/jurisdictions?q=", (j) => j.full_name);
  suggest($("subject_name"), $("agency-suggestions"), "/api/agencies?q=", (a) => a.name);
  loadVocabularies();
});
