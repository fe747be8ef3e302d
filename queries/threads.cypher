// threads: single-threaded revenue accounts, computed inside Neo4j (`accountmap threads`).
// Purpose:    for every revenue account R (an active SUBSCRIBES or an open opportunity directly
//             on it): customer_threads = distinct active stakeholders belonging to R with a
//             relationship pair, owner_threads = distinct owners paired with any of them.
//             Flags single_threaded (customer_threads < $min_contacts) and single_owner
//             (owner_threads < $min_owners); only flagged accounts are returned.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
//             $min_contacts (integer, default 2): Flag single_threaded below this many covered
//             stakeholders.
//             $min_owners (integer, default 2): Flag single_owner below this many paired owners.
// Columns:    id, kind, name, mrr, pipeline, customer_threads, owner_threads, flags
MATCH (r:Account {dataset: $dataset})
WHERE NOT EXISTS { MATCH (r)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
CALL (r) {
  MATCH (r)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
  UNWIND ([r] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(r) WHERE all(n IN nodes(held_path) WHERE n = r OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN count(x) AS subscriptions, coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS mrr
}
CALL (r) {
  UNWIND ([r] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(r) WHERE all(n IN nodes(held_path) WHERE n = r OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE ((o.created IS NULL OR o.created <= $as_of) AND (o.status = 'open' OR coalesce(o.close_date >= $as_of, false)))
  RETURN count(o) AS opportunities, coalesce(sum(o.amount), 0.0) AS pipeline
}
WITH r, mrr, pipeline WHERE subscriptions > 0 OR opportunities > 0
CALL (r) {
  MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(r)
  WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
  WITH DISTINCT s
  WITH s, ([(pair_owner:Owner)-[:RELATES_TO]->(s) | pair_owner] + [(pair_owner:Owner)<-[:ATTENDED_BY]-(pair_touch)-[:ATTENDED_BY]->(s) WHERE pair_touch.date <= $as_of | pair_owner]) AS paired, head([person_path = (s)-[:SAME_PERSON_AS*0..]->(person_root:Stakeholder) WHERE all(n IN nodes(person_path) WHERE (((n.joined_on IS NULL OR n.joined_on <= $as_of) AND CASE WHEN n.left_on IS NULL THEN n.status = 'active' ELSE $as_of < n.left_on END) AND NOT EXISTS { MATCH (n)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })) AND NOT EXISTS { MATCH (person_root)-[:SAME_PERSON_AS]->(person_up:Stakeholder) WHERE (((person_up.joined_on IS NULL OR person_up.joined_on <= $as_of) AND CASE WHEN person_up.left_on IS NULL THEN person_up.status = 'active' ELSE $as_of < person_up.left_on END) AND NOT EXISTS { MATCH (person_up)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }) } | person_root]) AS person
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
