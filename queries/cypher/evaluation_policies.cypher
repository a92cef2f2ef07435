// evaluation_policies: what the rule engine needs to know of each loaded policy to decide
// whether it applies to an event (where it applies, when it is in force).
// params:  -
// returns: policy_id, title, doc_number, kind, adcode, issued_on, effective_from, effective_until
MATCH (p:Policy {loaded: true})
WHERE p.id IS NOT NULL AND p.title IS NOT NULL
OPTIONAL MATCH (p)-[:POLICY_KIND]->(kind:Resource)
OPTIONAL MATCH (p)-[:APPLIES_IN]->(place:Resource)
RETURN p.id AS policy_id, p.title AS title, p.docNumber AS doc_number, kind.notation AS kind,
       place.adcode AS adcode, p.issuedOn AS issued_on, p.effectiveFrom AS effective_from,
       p.effectiveUntil AS effective_until
ORDER BY policy_id
