// Implementation chain of a policy
// The policies it implements, up to the national opinion, and the policies that implement
// it, as stated in the texts (asserted IMPLEMENTS only; inferred shortcuts left out).
// First: :param policy => "zhanqian-2024"
MATCH (p:Policy {id: $policy})
OPTIONAL MATCH up = (p)-[:IMPLEMENTS*1..]->(:Policy)
WHERE none(r IN relationships(up) WHERE r.inferred)
OPTIONAL MATCH down = (p)<-[:IMPLEMENTS*1..]-(:Policy)
WHERE none(r IN relationships(down) WHERE r.inferred)
RETURN p, up, down
