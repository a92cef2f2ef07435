// The auditor's page: lists records from /api/events, shows one record's sanctions with
// who enforces them, and draws its responsibility chain from /api/events/<id>/chain.
// The token stays in this page's memory (never stored); every text from the server goes
// through textContent, never innerHTML, so recorded text stays inert.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let token = null;

// Left to right: who, where, what binds them, what follows, who enforces it.
const COLUMNS = { person: 0, post: 1, event: 2, agency: 2, jurisdiction: 3, policy: 4, clause: 5, sanction: 6, enforcer: 7 };
const COLOURS = { person: "#c0392b", post: "#e67e22", event: "#8c1c13", agency: "#2c7fb8", jurisdiction: "#41ab5d",
                  policy: "#756bb1", clause: "#9e9ac8", sanction: "#d95f0e", enforcer: "#636363" };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function api(url) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const response = await fetch(url, { headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

async function loadEvents() {
  $("access-error").hidden = true;
  try {
    const events = await api("/api/events");
    renderEvents(events);
    $("mode").textContent = token ? "审计视图（姓名完整显示）" : "公开视图";
  } catch (error) {
    token = null;
    $("access-error").textContent = "令牌无效：" + error.message;
    $("access-error").hidden = false;
    renderEvents(await api("/api/events"));
    $("mode").textContent = "公开视图";
  }
}

function renderEvents(events) {
  const rows = events.map((event) => {
    const row = el("tr", {},
      el("td", { textContent: event.id }), el("td", { textContent: event.occurred_on }),
      el("td", { textContent: event.jurisdiction }), el("td", { textContent: event.subject.name }),
      el("td", { textContent: event.persons.map((p) => `${p.name}（${p.role}）`).join("、") }),
      el("td", { textContent: event.status_label + (event.displayed ? "" : "（不公开展示）") }));
    row.dataset.id = event.id;
    row.addEventListener("click", () => showEvent(event.id, row));
    return row;
  });
  $("events").tBodies[0].replaceChildren(...rows);
  $("no-events").hidden = events.length > 0;
}

async function showEvent(id, row) {
  document.querySelectorAll("#events tr.selected").forEach((r) => r.classList.remove("selected"));
  row.classList.add("selected");
  const path = "/api/events/" + encodeURIComponent(id);
  const [record, chain] = await Promise.all([api(path), api(path + "/chain")]);
  $("detail-title").textContent = `${record.id}：${record.subject.name}（${record.status_label}）`;
  $("detail-facts").textContent = [record.occurred_on, record.jurisdiction, record.event.behaviour || "",
    "展示期限至 " + record.display_until].filter(Boolean).join(" · ");
  $("sanctions").replaceChildren(...chain.sanctions.map(renderSanction));
  $("transitions").replaceChildren(...(record.transitions || []).map((t) =>
    el("li", { textContent: `${t.at}  ${t.from} → ${t.to}  ${t.actor}：${t.reason}  ${transitionBasis(t)}` })));
  $("chain").replaceChildren(drawChain(chain));
  $("detail").hidden = false;
}

function transitionBasis(transition) {
  if (transition.procedural) return "（程序性步骤，条文未规定）";
  const basis = transition.basis || [];
  return basis.length ? "依据：" + basis.map((b) => `${b.policy_id} ${b.path}`).join("；") : "（无适用条文）";
}

function renderSanction(sanction) {
  const target = sanction.target.name || `（未识别的${sanction.target.role}）`;
  const basis = sanction.basis.map((b) => el("blockquote", { textContent: `${b.policy_id} ${b.path}：${b.quote}` }));
  const enforcers = el("ul", { className: "enforcers" },
    ...sanction.enforcers.map((e) => el("li", { className: "enforcer", textContent: `${e.name}（${e.source}）` })));
  return el("div", { className: "sanction" },
    el("div", { className: "name", textContent: sanction.sanction }),
    el("div", { textContent: "对象：" + target + (sanction.condition ? `；条件：${sanction.condition}` : "") }),
    ...basis, el("div", { textContent: "执行主体：" }), enforcers);
}

function drawChain(chain) {
  const width = 150, height = 34, gap = 10;
  const rows = {};
  const position = {};
  for (const node of chain.nodes) {
    const column = COLUMNS[node.kind] ?? 7;
    rows[column] = (rows[column] || 0) + 1;
    position[node.id] = { x: 10 + column * (width + 30), y: 10 + (rows[column] - 1) * (height + gap) };
  }
  const total = Math.max(...Object.values(rows)) * (height + gap) + 20;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${10 + 8 * (width + 30)} ${total}`);
  for (const edge of chain.edges) {
    const a = position[edge.from], b = position[edge.to];
    if (!a || !b) continue;
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", a.x + width / 2); line.setAttribute("y1", a.y + height / 2);
    line.setAttribute("x2", b.x + width / 2); line.setAttribute("y2", b.y + height / 2);
    const title = document.createElementNS(SVG, "title");
    title.textContent = edge.label;
    line.append(title);
    svg.append(line);
  }
  for (const node of chain.nodes) {
    const { x, y } = position[node.id];
    const group = document.createElementNS(SVG, "g");
    group.setAttribute("class", "node " + node.kind);
    const rect = document.createElementNS(SVG, "rect");
    for (const [name, value] of Object.entries({ x, y, width, height, fill: "#fff", stroke: COLOURS[node.kind] || "#999" })) {
      rect.setAttribute(name, value);
    }
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", x + 6); text.setAttribute("y", y + height / 2 + 4);
    text.textContent = node.label.length > 12 ? node.label.slice(0, 11) + "…" : node.label;
    const title = document.createElementNS(SVG, "title");
    title.textContent = node.label;
    group.append(rect, text, title);
    svg.append(group);
  }
  return svg;
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("token").value.trim() || null;
  $("detail").hidden = true;
  loadEvents();
});

loadEvents();
