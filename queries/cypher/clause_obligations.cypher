// clause_obligations: the sentences of a clause that oblige (obligation) or forbid (prohibition).
// params:  $policy, $clause (IRIs; bind one: every clause of the policy, or the one clause)
// returns: clause_id, modality, text, start
CALL () {
  MATCH (c:Resource {uri: $clause}) WHERE EXISTS { (c)-[:IN_POLICY]->() } RETURN c
  UNION
  MATCH (c:Resource)-[:IN_POLICY]->(:Resource {uri: $policy}) RETURN c
}
MATCH (c)-[:HAS_OBLIGATION]->(sentence:Resource)
WHERE c.id IS NOT NULL AND sentence.quote IS NOT NULL
UNWIND [pair IN [["Obligation", "obligation"], ["Prohibition", "prohibition"]] WHERE pair[0] IN labels(sentence)] AS pair
RETURN c.id AS clause_id, pair[1] AS modality, sentence.quote AS text, sentence.startOffset AS start
ORDER BY clause_id, start, modality
