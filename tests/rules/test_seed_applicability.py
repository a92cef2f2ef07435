"""Why a seed policy applies, in words a reader can check against the text's own dates."""

from policykg.rules import evaluate_event, parse_event


def _why(rulebook, facts, jurisdiction: str, occurred_on: str) -> dict[str, str]:
    event = parse_event({"occurred_on": occurred_on, "jurisdiction": jurisdiction, "subject": {"kind": "agency", "name": "市财政局"}})
    return {p.id: p.why for p in evaluate_event(event, rulebook, facts).applicable_policies}


def test_a_policy_with_a_stated_commencement_is_in_force_from_it(rulebook, facts):
    assert _why(rulebook, facts, "西宁市", "2017-09-01")["qinghai-2017"] == "applies in 青海省, which includes 西宁市; in force since 2017-08-31"


def test_a_news_summary_says_its_date_is_the_article_s_not_a_commencement(rulebook, facts):
    assert _why(rulebook, facts, "南京市", "2024-01-01")["jiangsu-2023"] == (
        "applies in 江苏省, which includes 南京市; in force since 2023-07-18 "
        "(the news article's date: a summary states no date the policy took effect)"
    )
