// clause_sanctions: the sanctions a clause mentions, each with the sentence that names it.
// params:  $policy, $clause (IRIs; bind one: every clause of the policy, or the one clause)
// returns: clause_id, code, label, quote, start
CALL () {
  MATCH (c:Resource {uri: $clause}) WHERE EXISTS { (c)-[:IN_POLICY]->() } RETURN c
  UNION
  MATCH (c:Resource)-[:IN_POLICY]->(:Resource {uri: $policy}) RETURN c
}
MATCH (c)-[:HAS_SANCTION_MENTION]->(mention:Resource)-[:SANCTION]->(sanction:Resource)
WHERE c.id IS NOT NULL AND mention.quote IS NOT NULL AND sanction.notation IS NOT NULL
  AND sanction.prefLabel IS NOT NULL
RETURN c.id AS clause_id, sanction.notation AS code, sanction.prefLabel AS label, mention.quote AS quote,
       mention.startOffset AS start
ORDER BY clause_id, start, code
