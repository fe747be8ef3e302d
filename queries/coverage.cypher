// coverage: uncovered entities, computed inside Neo4j (same answer as `accountmap coverage`).
// Purpose:    every company and department that is dark (no active stakeholder belonging to it
//             has a relationship pair: a RELATES_TO record or a touchpoint on or before as_of)
//             or unassigned (no ASSIGNED_TO on it, or on a department above it, or on its
//             company, or on its group). A stakeholder belongs to its company, its department
//             and the department's ancestors: (s)-[:WORKS_AT|WORKS_IN]->(u)-[:PART_OF*0..]->(e).
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
//             $group (string, default null): Only this group's entities.
//             $kind (string, default null): Only companies or only departments.
// Columns:    id, kind, name, group, reasons, potential_mrr, current_mrr
MATCH (e:Account {dataset: $dataset})-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
WHERE ($group IS NULL OR g.id = $group) AND NOT EXISTS { MATCH (e)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
  AND ($kind IS NULL OR ($kind = 'company' AND e:Company) OR ($kind = 'department' AND e:Department))
WITH e, g,
     EXISTS {
       MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(e)
       WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
         AND (EXISTS { (:Owner)-[:RELATES_TO]->(s) } OR EXISTS { (:Owner)<-[:ATTENDED_BY]-(pair_touch)-[:ATTENDED_BY]->(s) WHERE pair_touch.date <= $as_of })
     } AS known,
     EXISTS { (e)-[:PART_OF*0..]->()<-[:ASSIGNED_TO]-(:Owner) }
       OR EXISTS { (g)<-[:ASSIGNED_TO]-(:Owner) } AS assigned
WHERE NOT known OR NOT assigned
CALL (e, g) {
  MATCH (beneath:Account)-[:PART_OF*0..]->(e)
  WHERE NOT EXISTS { MATCH (beneath)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
  UNWIND ([beneath] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(beneath) WHERE all(n IN nodes(held_path) WHERE n = beneath OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
    WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS current_mrr
}
RETURN e.id AS id, CASE WHEN e:Company THEN 'company' ELSE 'department' END AS kind,
       e.name AS name, g.id AS group,
       [r IN [CASE WHEN NOT known THEN 'dark' END,
              CASE WHEN NOT assigned THEN 'unassigned' END] WHERE r IS NOT NULL] AS reasons,
       round(coalesce(e.potential_mrr, 0.0), 2) AS potential_mrr,
       round(current_mrr, 2) AS current_mrr
ORDER BY potential_mrr DESC, id
