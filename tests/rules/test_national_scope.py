"""A national policy (国务院, a ministry) applies across the whole country, and `why` says so."""

from datetime import date

from policykg.ontology.gazetteer import COUNTRY_ADCODE, resolve_jurisdiction
from policykg.rules.applicability import decide_applicability
from policykg.rules.facts import PolicyFacts

NATIONAL = PolicyFacts("guowuyuan-2016", "国务院关于加强政务诚信建设的指导意见", "国发〔2016〕76号", "guidance",
                       COUNTRY_ADCODE, issued_on=date(2016, 12, 22))


def test_a_national_policy_applies_in_a_district_and_says_it_covers_the_whole_country():
    verdict = decide_applicability(NATIONAL, resolve_jurisdiction("营口市站前区"), date(2024, 6, 1))
    assert verdict.applies
    assert verdict.text.startswith("applies in 中华人民共和国 across the whole country (a national policy), "
                                     "which includes 营口市站前区")


def test_a_national_policy_is_not_in_force_before_it_is_issued():
    assert not decide_applicability(NATIONAL, resolve_jurisdiction("青海省"), date(2016, 1, 1)).applies
