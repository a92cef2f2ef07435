"""Jurisdictions come from cpca's gazetteer, with the hierarchy derived from adcodes."""

import pytest

from policykg.errors import UnknownLabel
from policykg.ontology.gazetteer import (
    ancestors,
    contains,
    find_jurisdiction,
    jurisdiction_by_adcode,
    resolve_jurisdiction,
)


@pytest.mark.parametrize(
    "issuer, adcode",
    [
        ("营口市站前区人民政府", "210802"),  # seed 002
        ("青海省人民政府", "630000"),  # seed 000
        ("深圳市社会信用体系建设统筹小组办公室", "440300"),  # seed 001
        ("漳州市人民政府", "350600"),  # seed 004
        ("江苏省政府", "320000"),  # seed 003
    ],
)
def test_find_jurisdiction_of_seed_issuers(issuer, adcode):
    assert find_jurisdiction(issuer).adcode == adcode


def test_find_jurisdiction_needs_a_named_division():
    assert find_jurisdiction("区政府") is None


def test_county_path_and_full_name():
    zhanqian = jurisdiction_by_adcode("210802")
    assert zhanqian.path == ("辽宁省", "营口市", "站前区")
    assert zhanqian.full_name == "营口市站前区"
    assert jurisdiction_by_adcode("110101").full_name == "北京市东城区"


def test_ancestors_end_at_the_country():
    assert [j.name for j in ancestors("210802")] == ["营口市", "辽宁省", "中国"]


def test_containment_follows_the_hierarchy():
    assert contains("210000", "210802")  # a province reaches its districts
    assert contains("100000", "630000")  # a national policy reaches every province
    assert not contains("350600", "210802")  # Zhangzhou does not reach Yingkou
    assert not contains("210802", "210800")  # a district does not reach its city


@pytest.mark.parametrize("name", ["营口市站前区", "站前区", "辽宁省营口市站前区", "210802"])
def test_resolve_jurisdiction_accepts_the_ways_users_write_it(name):
    assert resolve_jurisdiction(name).adcode == "210802"


@pytest.mark.parametrize("name", ["火星市", "站前区XYZ", "", "999999"])
def test_resolve_jurisdiction_rejects_unknown_names(name):
    with pytest.raises(UnknownLabel) as error:
        resolve_jurisdiction(name)
    assert error.value.field == "jurisdiction"
