"""One policy however many copies: the Fujian plan saved from two sites (tests/loaders/pages:
fujian.txt simplified with its number, fujian-tw.txt traditional with glosses and without)."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rdflib.namespace import DCTERMS

from policykg.loaders import parse_document
from policykg.loaders.identity import merge_copies, same_policy
from policykg.loaders.to_rdf import document_to_graph
from policykg.ontology.namespaces import PKG

PAGES = Path(__file__).resolve().parent / "pages"


@pytest.fixture(scope="module")
def copies():
    return {name: parse_document((PAGES / name).read_bytes(), source=name)
            for name in ("fujian.txt", "fujian-tw.txt", "jilin.txt", "xinzheng.txt")}


def test_the_traditional_copy_without_a_number_is_the_same_policy(copies):
    assert same_policy(copies["fujian-tw.txt"], copies["fujian.txt"])
    assert same_policy(copies["fujian.txt"], copies["fujian-tw.txt"])


@pytest.mark.parametrize(("first", "second"), [("fujian.txt", "jilin.txt"), ("fujian-tw.txt", "xinzheng.txt")])
def test_other_plans_are_other_policies(copies, first, second):
    assert not same_policy(copies[first], copies[second])


def test_the_same_title_under_another_number_is_another_policy(copies):
    revised = replace(copies["fujian-tw.txt"], doc_number="闽政〔2021〕9号")
    assert not same_policy(revised, copies["fujian.txt"])


def test_the_same_number_in_other_brackets_is_the_same_policy(copies):
    bracketed = replace(copies["fujian-tw.txt"], doc_number="闽政[2017]第40号", title="另一个标题")
    assert same_policy(bracketed, copies["fujian.txt"])


@pytest.mark.parametrize("change", [{"issuer": "漳州市人民政府"}, {"issued_on": date(2018, 5, 15)}])
def test_the_same_title_with_a_disagreeing_issuer_or_date_is_another_policy(copies, change):
    assert not same_policy(replace(copies["fujian-tw.txt"], **change), copies["fujian.txt"])


def test_an_issuer_written_short_agrees_with_the_full_one(copies):
    assert same_policy(replace(copies["fujian-tw.txt"], issuer="福建省政府"), copies["fujian.txt"])


def test_a_second_copy_adds_its_file_and_fills_the_number(copies):
    merged = merge_copies(copies["fujian-tw.txt"], copies["fujian.txt"])
    assert (merged.source, merged.copies, merged.doc_number) == ("fujian-tw.txt", ["fujian.txt"], "闽政〔2017〕40号")
    assert merged.title == "福建省加强政务诚信建设实施方案" and merged.warnings == copies["fujian-tw.txt"].warnings


def test_a_conflict_is_a_warning_naming_both_files_and_values(copies):
    misdated = replace(copies["fujian.txt"], issued_on=date(2017, 9, 29))
    merged = merge_copies(copies["fujian-tw.txt"], misdated)
    assert merged.issued_on == date(2017, 9, 27)
    assert merged.warnings[-1] == ("同一政策的两个副本成文日期不一致:fujian-tw.txt 为“2017-09-27”,fujian.txt 为“2017-09-29”,取前者")


def test_the_merged_policy_names_its_copies_in_the_graph(copies):
    merged = merge_copies(copies["fujian-tw.txt"], copies["fujian.txt"])
    graph = document_to_graph(merged)
    policy = next(graph.subjects(PKG.sourceFile, None))
    assert [str(o) for o in graph.objects(policy, DCTERMS.source)] == ["fujian.txt"]
    assert str(graph.value(policy, PKG.docNumber)) == "闽政〔2017〕40号"
