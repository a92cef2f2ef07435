"""Namespaces, declared once. Every module that writes or reads RDF imports them from here."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/policykg/"

PKG = Namespace(BASE + "ontology#")  # the TBox: classes and properties
ID = Namespace(BASE + "id/")  # instances: policy/, clause/, agency/, jurisdiction/, event/ …
SANCTION = Namespace(BASE + "vocab/sanction/")
DOMAIN = Namespace(BASE + "vocab/domain/")
ROLE = Namespace(BASE + "vocab/role/")  # roles of officials: 主要负责人, 法定代表人 …
AGENCY_KIND = Namespace(BASE + "vocab/agency-kind/")
POLICY_KIND = Namespace(BASE + "vocab/policy-kind/")
SEVERITY = Namespace(BASE + "vocab/severity/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")

PREFIXES = {
    "pkg": PKG, "id": ID, "sanction": SANCTION, "domain": DOMAIN, "role": ROLE,
    "agencykind": AGENCY_KIND, "policykind": POLICY_KIND, "severity": SEVERITY,
    "eli": ELI, "org": ORG, "odrl": ODRL, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS,
    "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "sh": SH,
}


def bind_prefixes(graph):
    """Bind the project's prefixes so that Turtle output reads like the ontology."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
