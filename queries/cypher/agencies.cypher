// agencies: agencies whose canonical name or one of whose aliases contains $q ("" matches all);
// one row per alias.
// params:  $q (string)
// returns: id, name, alias, kind, jurisdiction
MATCH (a:Agency)
WHERE a.id IS NOT NULL AND a.prefLabel IS NOT NULL
  AND (a.prefLabel CONTAINS $q OR any(other IN coalesce(a.altLabel, []) WHERE other CONTAINS $q))
OPTIONAL MATCH (a)-[:AGENCY_KIND]->(kind:Resource)
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(place:Resource)
UNWIND CASE WHEN a.altLabel IS NULL OR size(a.altLabel) = 0 THEN [null] ELSE a.altLabel END AS alias
RETURN a.id AS id, a.prefLabel AS name, alias, kind.notation AS kind, place.fullName AS jurisdiction
ORDER BY name, alias
