// clause_agencies: the agencies a clause names, with their role (lead, cooperating, responsible).
// params:  $policy, $clause (IRIs; bind one: every clause of the policy, or the one clause)
// returns: clause_id, role, agency_id, name, kind
// (A null parameter matches no node, so each branch is an index lookup on :Resource(uri).)
CALL () {
  MATCH (c:Resource {uri: $clause}) WHERE EXISTS { (c)-[:IN_POLICY]->() } RETURN c
  UNION
  MATCH (c:Resource)-[:IN_POLICY]->(:Resource {uri: $policy}) RETURN c
}
MATCH (c)-[r:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]->(a:Resource)
WHERE c.id IS NOT NULL AND a.id IS NOT NULL AND a.prefLabel IS NOT NULL
OPTIONAL MATCH (a)-[:AGENCY_KIND]->(kind:Resource)
RETURN DISTINCT c.id AS clause_id,
       CASE type(r) WHEN "LEAD_AGENCY" THEN "lead" WHEN "COOPERATING_AGENCY" THEN "cooperating" ELSE "responsible" END AS role,
       a.id AS agency_id, a.prefLabel AS name, kind.notation AS kind
ORDER BY clause_id, role, name
