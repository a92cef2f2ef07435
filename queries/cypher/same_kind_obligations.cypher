// same_kind_obligations: the clauses that bind the other agencies of the agency's kind
// (finance, audit, ...), so the same kind of agency can be compared across policies.
// params:  $agency (IRI)
// returns: agency_id, agency_name, role, policy_id, policy_title, clause_id, path, heading, text, ordinal
MATCH (a:Resource {uri: $agency})-[:AGENCY_KIND]->(:Resource)<-[:AGENCY_KIND]-(bound:Resource)
WHERE bound <> a AND bound.id IS NOT NULL AND bound.prefLabel IS NOT NULL
MATCH (c:Resource)-[r:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]->(bound)
MATCH (c)-[:IN_POLICY]->(p:Resource)
WHERE c.id IS NOT NULL AND p.id IS NOT NULL AND p.title IS NOT NULL
RETURN DISTINCT bound.id AS agency_id, bound.prefLabel AS agency_name,
       CASE type(r) WHEN "LEAD_AGENCY" THEN "lead" WHEN "COOPERATING_AGENCY" THEN "cooperating" ELSE "responsible" END AS role,
       p.id AS policy_id, p.title AS policy_title, c.id AS clause_id, c.path AS path, c.heading AS heading,
       c.text AS text, c.ordinal AS ordinal
ORDER BY policy_id, ordinal, agency_name, role
