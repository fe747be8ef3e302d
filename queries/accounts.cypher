// accounts: every company and department of a dataset with its people, owners and revenue.
// Purpose:    a quick look at the book of business inside Neo4j: per account (company or
//             department), the group, active stakeholders working there (directly), owners
//             assigned to it, active MRR and open pipeline directly on it.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
//             $group (string, default null): only this group's accounts.
// Columns:    id, kind, name, group, stakeholders, assigned_owners, mrr, pipeline
MATCH (a:Account {dataset: $dataset})
OPTIONAL MATCH (a)-[:PART_OF*0..]->(c:Company)-[:IN_GROUP]->(g:Group)
WITH a, g
WHERE ($group IS NULL OR g.id = $group) AND NOT EXISTS { MATCH (a)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
CALL (a) {
  OPTIONAL MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(a)
  WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
  WITH DISTINCT s
  RETURN count(s) AS stakeholders
}
CALL (a) {
  OPTIONAL MATCH (o:Owner)-[:ASSIGNED_TO]->(a)
  RETURN collect(DISTINCT o.id) AS assigned_owners
}
CALL (a, g) {
  UNWIND ([a] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(a) WHERE all(n IN nodes(held_path) WHERE n = a OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS mrr
}
CALL (a) {
  UNWIND ([a] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(a) WHERE all(n IN nodes(held_path) WHERE n = a OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (opp:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE ((opp.created IS NULL OR opp.created <= $as_of) AND (opp.status = 'open' OR coalesce(opp.close_date >= $as_of, false)))
  RETURN coalesce(sum(opp.amount), 0.0) AS pipeline
}
RETURN a.id AS id, CASE WHEN a:Company THEN 'company' ELSE 'department' END AS kind,
       a.name AS name, g.id AS group, stakeholders,
       [x IN assigned_owners WHERE x IS NOT NULL | x] AS assigned_owners, mrr, pipeline
ORDER BY group, id
