// evaluation_obligations: every clause that names an agency as lead, cooperating or responsible
// unit, one row per alias of the agency, so the engine can match an event's agency by name,
// alias or kind.
// params:  -
// returns: clause_id, policy_id, path, text, role, agency, kind, alias
MATCH (c:Resource)-[r:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]->(node:Resource)
MATCH (c)-[:IN_POLICY]->(p:Resource)
WHERE c.id IS NOT NULL AND c.path IS NOT NULL AND c.text IS NOT NULL AND p.id IS NOT NULL
  AND node.prefLabel IS NOT NULL
OPTIONAL MATCH (node)-[:AGENCY_KIND]->(kind:Resource)
UNWIND CASE WHEN node.altLabel IS NULL OR size(node.altLabel) = 0 THEN [null] ELSE node.altLabel END AS alias
RETURN DISTINCT c.id AS clause_id, p.id AS policy_id, c.path AS path, c.text AS text,
       CASE type(r) WHEN "LEAD_AGENCY" THEN "lead" WHEN "COOPERATING_AGENCY" THEN "cooperating" ELSE "responsible" END AS role,
       node.prefLabel AS agency, kind.notation AS kind, alias
ORDER BY clause_id, role, agency, alias
