"""Writes the simplified text of one synthetic policy, in one of the seeds' three layouts:

- `opinion` (seed 000, Qinghai): title, number, addressees, preamble, 一、/(一)/1. with run-in
  headings, each task closing with (省财政厅牵头负责,各有关部门参加), commencement, signature, date;
- `notice` (seed 002, Zhanqian): the cover notice first, then 关于印发…的通知, the preamble, and
  tasks closing with (牵头单位:…;配合单位:…);
- `plan` (seed 004, Zhangzhou): a general office's notice issuing a task-division plan, tasks
  numbered 1. under (一) groups, with a 责任单位: line after each task, some split into (1) items.

Returns the lines and the number of numbered clauses written, which is what a loader
must find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from benchmarks.generate import phrases
from benchmarks.generate.agencies import agency_name, member_units
from benchmarks.generate.identity import PolicyIdentity
from benchmarks.generate.phrases import Task
from benchmarks.generate.places import Place

_CN_DIGITS = "零一二三四五六七八九"
_CN_YEAR_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


@dataclass(frozen=True)
class Agencies:
    """Who carries a task: lead and cooperating agencies, and the level's catch-all units."""

    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    departments: str  # 区直各部门
    below: str  # 各街道办事处


@dataclass
class Node:
    """A numbered clause before rendering; `agencies` is set on tasks only."""

    heading: str | None
    sentences: list[str]
    agencies: Agencies | None = None
    children: list["Node"] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


@dataclass(frozen=True)
class Composed:
    lines: list[str]
    clause_count: int
    effective_from: date
    implements: tuple[tuple[str, str], ...]  # (title, doc number) cited in the preamble


def chinese_number(n: int) -> str:
    """1..99 as printed in clause numbers: 一, 十, 十五, 二十三."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[units]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")


def written_date(day: date, chinese: bool = False) -> str:
    """2017年8月1日, or 二〇一七年八月一日 as some signatures print it."""
    if not chinese:
        return f"{day.year}年{day.month}月{day.day}日"
    year = "".join(_CN_YEAR_DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def compose_policy(identity: PolicyIdentity, implemented: PolicyIdentity, style: str, rng: random.Random) -> Composed:
    """The lines of one policy text in `style` (opinion, notice or plan)."""
    place = identity.place
    values = _values(place, identity, rng)
    sections = _sections(style, place, values, rng)
    body = _render_sections(sections, style, rng)
    refs = [(implemented.title, implemented.doc_number)]
    preamble = _preamble(identity, refs, values, rng)
    effective_from, closing = _closing(identity, style, rng)
    front = {"opinion": _opinion_front, "notice": _notice_front, "plan": _plan_front}[style](identity, rng)
    lines = front + [preamble] + body + closing
    if rng.random() < 0.3:
        lines = [line.translate(_FULL_WIDTH) for line in lines]
    return Composed(lines, sum(node.count() for node in sections), effective_from, tuple(refs))


def _values(place: Place, identity: PolicyIdentity, rng: random.Random) -> dict[str, str]:
    area = "全" + place.us[1:]
    return {"p": place.prefix, "us": place.us, "short": place.short, "all_area": area,
            "goal_year": str(identity.issued_on.year + rng.randint(2, 5))}


def _sections(style: str, place: Place, values: dict[str, str], rng: random.Random) -> list[Node]:
    sections = [] if style == "plan" else _overview(style, values, rng)
    for headings, tasks, keep_all in (
        (phrases.SECTION_SYSTEM, phrases.SYSTEM_TASKS, False),
        (phrases.SECTION_DOMAINS, phrases.DOMAIN_TASKS, False),
        (phrases.SECTION_SANCTIONS, phrases.SANCTION_TASKS, True),
        (phrases.SECTION_SUPPORT, phrases.SUPPORT_TASKS, False),
    ):
        chosen = tasks if keep_all else _subset(tasks, rng)
        nodes = [_task_node(task, place, values, rng) for task in chosen]
        if style == "plan":
            nodes = _grouped(chosen, nodes)
        sections.append(Node(rng.choice(headings), [], children=nodes))
    return sections


def _overview(style: str, values: dict[str, str], rng: random.Random) -> list[Node]:
    ideas = rng.choice(phrases.GUIDING_IDEAS).format(**values)
    goals = rng.choice(phrases.GOALS).format(**values)
    if style == "notice":
        return [Node("指导思想", [ideas]), Node("工作目标", [goals])]
    principles = sorted(rng.sample(range(len(phrases.PRINCIPLES)), rng.randint(3, len(phrases.PRINCIPLES))))
    children = [Node(phrases.PRINCIPLES[i][0], [phrases.PRINCIPLES[i][1]]) for i in principles]
    return [Node("总体要求", [], children=[
        Node("指导思想", [ideas]), Node("基本原则", [], children=children), Node("工作目标", [goals]),
    ])]


def _subset(tasks: tuple[Task, ...], rng: random.Random) -> list[Task]:
    """Most of a section's tasks, in their usual order."""
    keep = sorted(rng.sample(range(len(tasks)), rng.randint(max(2, len(tasks) - 3), len(tasks))))
    return [tasks[i] for i in keep]


def _task_node(task: Task, place: Place, values: dict[str, str], rng: random.Random) -> Node:
    sentences = [sentence.format(**values) for sentence in task.sentences]
    sentences += [filler.format(**values) for filler in rng.sample(phrases.FILLERS, rng.randint(0, 2))]
    agencies = Agencies(_names(place, task.lead), _names(place, task.cooperating), *member_units(place))
    if len(task.sentences) >= 2 and rng.random() < 0.2:
        return Node(task.heading, [], agencies, [Node(None, [sentence]) for sentence in sentences])
    return Node(task.heading, sentences, agencies)


def _names(place: Place, codes: tuple[str, ...]) -> tuple[str, ...]:
    names = [agency_name(place, code) for code in codes]
    return tuple(dict.fromkeys(name for name in names if name))


def _grouped(tasks: list[Task], nodes: list[Node]) -> list[Node]:
    """Task-division plans file tasks under (一)-level groups."""
    groups: dict[str, Node] = {}
    for task, node in zip(tasks, nodes):
        groups.setdefault(task.group, Node(task.group, [])).children.append(node)
    return list(groups.values())


def _render_sections(sections: list[Node], style: str, rng: random.Random) -> list[str]:
    paren = ("(", ")") if rng.random() < 0.7 else ("（", "）")
    item_end = rng.choice((".", ".", ".", "、", "．"))
    markers = {
        1: lambda n: f"{chinese_number(n)}、",
        2: lambda n: f"{paren[0]}{chinese_number(n)}{paren[1]}",
        3: lambda n: f"{n}{item_end}",
        4: lambda n: f"{paren[0]}{n}{paren[1]}",
    }
    agency_style = {"opinion": _trailing_roles, "notice": _labelled_roles, "plan": _responsible_line}[style]
    lines: list[str] = []
    for number, section in enumerate(sections, 1):
        lines.extend(_render(section, 1, number, markers, style, agency_style))
    return lines


def _render(node: Node, level: int, number: int, markers, style: str, agency_style) -> list[str]:
    """Plans print headings on their own line and a 责任单位 line after each task; the other
    styles run the heading into the text (seed 002: (一)加快法规制度建设。根据…)."""
    marker = markers[level](number)
    # Sub-items of a task are (1) items; elsewhere each level nests one deeper.
    child_level = 4 if node.agencies is not None else level + 1
    text = "".join(node.sentences)
    if style == "plan" or level == 1:
        lines = [marker + (node.heading or "")] if node.heading else [marker + text]
        if node.heading and text:
            lines.append(text)
    else:
        head = f"{node.heading}。" if node.heading else ""
        lines = [marker + head + text]
    for index, child in enumerate(node.children, 1):
        lines.extend(_render(child, child_level, index, markers, style, agency_style))
    if node.agencies is not None:
        if style == "plan":
            lines.append(agency_style(node.agencies))
        else:
            lines[-1] += agency_style(node.agencies)
    return lines


def _trailing_roles(agencies: Agencies) -> str:
    """Seed 000: (省财政厅牵头负责,各有关部门参加), or a shared duty."""
    if not agencies.lead:
        return f"({agencies.departments},{agencies.below}按照职责分工分别负责)"
    others = "、".join(agencies.cooperating + ("各有关部门",))
    return f"({'、'.join(agencies.lead)}牵头负责,{others}参加)"


def _labelled_roles(agencies: Agencies) -> str:
    """Seed 002: (牵头单位:区财政局、区发改局;配合单位:区司法局等有关部门)."""
    if not agencies.lead:
        return f"(责任单位:{agencies.departments},{agencies.below})"
    if agencies.cooperating:
        return f"(牵头单位:{'、'.join(agencies.lead)};配合单位:{'、'.join(agencies.cooperating)}等有关部门)"
    return f"(牵头单位:{'、'.join(agencies.lead)};配合单位:{agencies.departments},{agencies.below})"


def _responsible_line(agencies: Agencies) -> str:
    """Seed 004: 责任单位:市发改委、市财政局、各有关部门,各县(市、区)人民政府."""
    names = agencies.lead + agencies.cooperating + ("各有关部门",)
    return f"责任单位:{'、'.join(names)},{agencies.below}"


def addressees(place: Place) -> str:
    """The salutation's bodies, as each level addresses its governments and departments."""
    if place.level == "country":
        return "各省、自治区、直辖市人民政府,国务院各部委、各直属机构"
    if place.level == "province" and place.prefix == "市":
        return "各区人民政府,市政府各委、办、局"
    if place.level == "province":
        return f"各市、自治州人民政府,{place.prefix}政府各委、办、厅、局" if place.prefix == "省" else \
            "各市人民政府,自治区政府各组成部门、各直属机构"
    if place.level == "city":
        return f"各县(市、区)人民政府,{place.prefix}政府各部门、各直属机构"
    return f"{member_units(place)[1]},{place.prefix}政府各部门、各直属单位"


def _opinion_front(identity: PolicyIdentity, rng: random.Random) -> list[str]:
    """Seed 000: a page headline 青政〔2017〕47号《…》, the title, the number, the addressees."""
    headline = [f"{identity.doc_number}《{identity.title}》"] if rng.random() < 0.5 else []
    return headline + [identity.title, identity.doc_number, addressees(identity.place) + ":"]


def _notice_front(identity: PolicyIdentity, rng: random.Random) -> list[str]:
    """Seed 002: the cover notice (addressees, one sentence, signature, date), then 关于印发…的通知."""
    place = identity.place
    number = [identity.doc_number] if rng.random() < 0.8 else []
    issued = rng.choice((f"经{place.signature}研究同意,现将《{identity.title}》印发给你们",
                         f"{place.signature}常务会议审议通过了《{identity.title}》,现印发给你们"))
    return number + [
        addressees(place) + ":",
        f"{issued},请结合实际认真贯彻落实。",
        place.signature,
        written_date(identity.issued_on, chinese=rng.random() < 0.1),
        f"关于印发{identity.title}的通知",
    ]


def _plan_front(identity: PolicyIdentity, rng: random.Random) -> list[str]:
    """Seed 004: the general office's notice issuing the plan, then the plan's title."""
    return [
        f"{identity.issuer}关于印发{identity.title}的通知",
        identity.doc_number,
        addressees(identity.place) + ":",
        f"现将《{identity.title}》印发给你们,请按照分工要求认真组织实施。",
        identity.issuer,
        written_date(identity.issued_on, chinese=rng.random() < 0.1),
        identity.title,
    ]


def _preamble(identity: PolicyIdentity, refs: list[tuple[str, str]], values: dict[str, str],
              rng: random.Random) -> str:
    cited = "".join(f"《{title}》({number})" for title, number in refs)
    if rng.random() < 0.4:
        cited = rng.choice(phrases.LAWS) + cited
    if identity.kind == "task-division-plan":
        return f"根据{cited}精神,为加快推进{values['us']}政务诚信建设,进一步提升政府公信力,制定本任务分工方案。"
    purpose = rng.choice(phrases.OPENING_PURPOSE).format(**values)
    ending = "现提出以下实施意见。" if identity.kind == "implementation-opinion" else "现提出如下指导意见。"
    return f"为贯彻落实{cited}精神,{purpose},结合{values['us']}实际,{ending}"


def _closing(identity: PolicyIdentity, style: str, rng: random.Random) -> tuple[date, list[str]]:
    """(effective_from, closing lines). Only the opinion layout closes with commencement,
    signature and date (seed 000); the others put the date on the cover notice."""
    if style != "opinion":
        return identity.issued_on, []
    word = {"implementation-opinion": "实施意见", "guidance": "意见"}.get(identity.kind, "方案")
    roll = rng.random()
    if roll < 0.4:
        effective_from = identity.issued_on + timedelta(days=rng.randint(10, 60))
        lines = [f"本{word}自{written_date(effective_from)}起施行。"]
    elif roll < 0.7:
        effective_from, lines = identity.issued_on, [f"本{word}自印发之日起施行。"]
    else:
        effective_from, lines = identity.issued_on, []
    signature = written_date(identity.issued_on, chinese=rng.random() < 0.1)
    return effective_from, lines + [identity.place.government, signature]
