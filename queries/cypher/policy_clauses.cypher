// policy_clauses: every clause of a policy, in document order; parent_id is null at the top level.
// params:  $policy (IRI)
// returns: clause_id, policy_id, parent_id, path, number, level, ordinal, heading, text
MATCH (c:Clause)-[:IN_POLICY]->(p:Resource {uri: $policy})
WHERE c.id IS NOT NULL AND p.id IS NOT NULL
OPTIONAL MATCH (parent:Clause)-[:HAS_CLAUSE]->(c)
WHERE parent.id IS NOT NULL
RETURN c.id AS clause_id, p.id AS policy_id, parent.id AS parent_id, c.path AS path, c.number AS number,
       c.level AS level, c.ordinal AS ordinal, c.heading AS heading, c.text AS text
ORDER BY ordinal
