// policy_count: how many policies are loaded (cited-only policies are not counted).
// params:  -
// returns: policies
MATCH (p:Policy {loaded: true})
RETURN count(DISTINCT p) AS policies
