// policy_references: the policies a policy (or one of its clauses) cites, loaded or not;
// relation is "implements" when the policy says it implements the cited one, else "cites".
// params:  $policy (IRI; optional: null lists the references of every policy)
// returns: policy_id, title, doc_number, ref_policy_id, relation
MATCH (p:Policy)
WHERE ($policy IS NULL OR p.uri = $policy) AND p.id IS NOT NULL
CALL (p) {
  MATCH (p)-[:IMPLEMENTS|CITES]->(cited:Resource) RETURN cited
  UNION
  MATCH (p)<-[:IN_POLICY]-(:Resource)-[:CITES]->(cited:Resource) RETURN cited
}
WITH p, cited
WHERE cited.id IS NOT NULL AND cited.title IS NOT NULL
RETURN DISTINCT p.id AS policy_id, cited.title AS title, cited.docNumber AS doc_number, cited.id AS ref_policy_id,
       CASE WHEN EXISTS { (p)-[:IMPLEMENTS]->(cited) } THEN "implements" ELSE "cites" END AS relation
ORDER BY policy_id, ref_policy_id
