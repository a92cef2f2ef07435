// evaluation_clauses: every clause of every loaded policy with its verbatim text, which the
// rule files' quotes are checked against and the engine's bases quote.
// params:  -
// returns: clause_id, policy_id, path, text
MATCH (c:Clause)-[:IN_POLICY]->(p:Resource)
WHERE c.id IS NOT NULL AND c.path IS NOT NULL AND c.text IS NOT NULL AND p.id IS NOT NULL
RETURN c.id AS clause_id, p.id AS policy_id, c.path AS path, c.text AS text
ORDER BY clause_id
