// agency: one agency by IRI, one row per alias; no row when there is none.
// params:  $agency (IRI, identifiers.agency_iri)
// returns: id, name, alias, kind, jurisdiction
MATCH (a:Agency {uri: $agency})
WHERE a.id IS NOT NULL AND a.prefLabel IS NOT NULL
OPTIONAL MATCH (a)-[:AGENCY_KIND]->(kind:Resource)
OPTIONAL MATCH (a)-[:IN_JURISDICTION]->(place:Resource)
UNWIND CASE WHEN a.altLabel IS NULL OR size(a.altLabel) = 0 THEN [null] ELSE a.altLabel END AS alias
RETURN a.id AS id, a.prefLabel AS name, alias, kind.notation AS kind, place.fullName AS jurisdiction
ORDER BY alias
