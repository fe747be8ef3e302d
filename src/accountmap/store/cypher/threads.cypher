// threads: single-threaded revenue accounts, computed inside Neo4j (`accountmap threads`).
// Purpose:    for every revenue account R (an active SUBSCRIBES or an open opportunity directly
//             on it): customer_threads = distinct active stakeholders belonging to R with a
//             relationship pair, owner_threads = distinct owners paired with any of them.
//             Flags single_threaded (customer_threads < $min_contacts) and single_owner
//             (owner_threads < $min_owners); only flagged accounts are returned.
// {{parameters}}
// Columns:    id, kind, name, mrr, pipeline, customer_threads, owner_threads, flags
MATCH (r:Account {dataset: $dataset})
WHERE {{account_exists(r)}}
CALL (r) {
  MATCH (r)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
  UNWIND {{held_units(r)}} AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE {{subscription_active(x)}}
  RETURN count(x) AS subscriptions, coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS mrr
}
CALL (r) {
  UNWIND {{held_units(r)}} AS u
  OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE {{opportunity_open(o)}}
  RETURN count(o) AS opportunities, coalesce(sum(o.amount), 0.0) AS pipeline
}
WITH r, mrr, pipeline WHERE subscriptions > 0 OR opportunities > 0
CALL (r) {
  MATCH {{belongs_to(s, r)}}
  WHERE {{person_active(s)}}
  WITH DISTINCT s
  WITH s, {{pair_owners(s)}} AS paired, {{person_of(s)}} AS person
  WHERE size(paired) > 0
  UNWIND paired AS o
  RETURN count(DISTINCT person) AS customer_threads, count(DISTINCT o) AS owner_threads
}
WITH r, mrr, pipeline, customer_threads, owner_threads,
     [f IN [CASE WHEN customer_threads < $min_contacts THEN 'single_threaded' END,
            CASE WHEN owner_threads < $min_owners THEN 'single_owner' END]
      WHERE f IS NOT NULL] AS flags
WHERE size(flags) > 0
RETURN r.id AS id, CASE WHEN r:Company THEN 'company' ELSE 'department' END AS kind,
       r.name AS name, round(mrr, 2) AS mrr, round(pipeline, 2) AS pipeline,
       customer_threads, owner_threads, flags
ORDER BY mrr DESC, id
