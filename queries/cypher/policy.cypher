// policy: one policy by IRI; no row when there is none.
// params:  $policy (IRI, identifiers.policy_iri)
// returns: id, title, doc_number, issuer, jurisdiction, issued_on, effective_from, effective_until, kind, loaded, source_file
MATCH (p:Policy {uri: $policy})
WHERE p.id IS NOT NULL AND p.title IS NOT NULL AND p.loaded IS NOT NULL
OPTIONAL MATCH (p)-[:ISSUER]->(issuer:Resource)
OPTIONAL MATCH (p)-[:APPLIES_IN]->(place:Resource)
OPTIONAL MATCH (p)-[:POLICY_KIND]->(kind:Resource)
RETURN p.id AS id, p.title AS title, p.docNumber AS doc_number, issuer.prefLabel AS issuer,
       place.fullName AS jurisdiction, p.issuedOn AS issued_on, p.effectiveFrom AS effective_from,
       p.effectiveUntil AS effective_until, kind.notation AS kind, p.loaded AS loaded,
       p.sourceFile AS source_file
