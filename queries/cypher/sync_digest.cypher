// sync_digest: the digest of the rows the last complete sync wrote (sync.rows_digest), or
// none: no sync finished since the graph was last written otherwise. Kept on one
// :SyncDigest node, outside the :Resource graph the mapping owns.
// params:  -
// returns: digest
MATCH (s:SyncDigest {graph: "resource"})
RETURN s.digest AS digest
