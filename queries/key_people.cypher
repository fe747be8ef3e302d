// key_people: key-person risk, computed inside Neo4j (`accountmap threads --by person`).
// Purpose:    for each stakeholder and owner, the MRR and pipeline of revenue accounts where
//             that person is the only covered stakeholder (or the only paired owner), and
//             those accounts. Definitions as in threads.cypher.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
// Columns:    id, kind, name, mrr_at_risk, pipeline_at_risk, accounts
MATCH (r:Account {dataset: $dataset})
CALL (r) {
  MATCH (r)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
  OPTIONAL MATCH (r)-[x:SUBSCRIBES]->(:Product)
  WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN count(x) AS subscriptions, coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS mrr
}
CALL (r) {
  OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(r)
  WHERE ((o.created IS NULL OR o.created <= $as_of) AND (o.status = 'open' OR coalesce(o.close_date >= $as_of, false)))
  RETURN count(o) AS opportunities, coalesce(sum(o.amount), 0.0) AS pipeline
}
WITH r, mrr, pipeline WHERE subscriptions > 0 OR opportunities > 0
CALL (r) {
  MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(r)
  WHERE (CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END)
  WITH DISTINCT s
  WITH s, ([(pair_owner:Owner)-[:RELATES_TO]->(s) | pair_owner] + [(pair_owner:Owner)<-[:ATTENDED_BY]-(pair_touch:Touchpoint)-[:ATTENDED_BY]->(s) WHERE pair_touch.date <= $as_of | pair_owner]) AS paired
  WHERE size(paired) > 0
  UNWIND paired AS o
  RETURN collect(DISTINCT s) AS people, collect(DISTINCT o) AS owners
}
UNWIND [g IN [people, owners] WHERE size(g) = 1 | g[0]] AS person
WITH person, r, mrr, pipeline ORDER BY r.id
WITH person, sum(mrr) AS mrr_at_risk, sum(pipeline) AS pipeline_at_risk,
     collect(r.id) AS accounts
RETURN person.id AS id, CASE WHEN person:Owner THEN 'owner' ELSE 'stakeholder' END AS kind,
       person.name AS name, round(mrr_at_risk, 2) AS mrr_at_risk,
       round(pipeline_at_risk, 2) AS pipeline_at_risk, accounts
ORDER BY mrr_at_risk DESC, id
