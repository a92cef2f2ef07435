// agency_obligations: every clause, in every loaded policy, that binds the agency as lead,
// cooperating or responsible unit; the clause text is the basis, quoted verbatim.
// params:  $agency (IRI)
// returns: agency_id, agency_name, role, policy_id, policy_title, clause_id, path, heading, text, ordinal
MATCH (c:Resource)-[r:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]->(a:Resource {uri: $agency})
MATCH (c)-[:IN_POLICY]->(p:Resource)
WHERE c.id IS NOT NULL AND p.id IS NOT NULL AND p.title IS NOT NULL AND a.id IS NOT NULL AND a.prefLabel IS NOT NULL
RETURN DISTINCT a.id AS agency_id, a.prefLabel AS agency_name,
       CASE type(r) WHEN "LEAD_AGENCY" THEN "lead" WHEN "COOPERATING_AGENCY" THEN "cooperating" ELSE "responsible" END AS role,
       p.id AS policy_id, p.title AS policy_title, c.id AS clause_id, c.path AS path, c.heading AS heading,
       c.text AS text, c.ordinal AS ordinal
ORDER BY policy_id, ordinal, role
