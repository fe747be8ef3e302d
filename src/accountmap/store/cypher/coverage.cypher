// coverage: uncovered entities, computed inside Neo4j (same answer as `accountmap coverage`).
// Purpose:    every company and department that is dark (no active stakeholder belonging to it
//             has a relationship pair: a RELATES_TO record or a touchpoint on or before as_of)
//             or unassigned (no ASSIGNED_TO on it, or on a department above it, or on its
//             company, or on its group). A stakeholder belongs to its company, its department
//             and the department's ancestors: (s)-[:WORKS_AT|WORKS_IN]->(u)-[:PART_OF*0..]->(e).
// {{parameters}}
// Columns:    id, kind, name, group, reasons, potential_mrr, current_mrr
MATCH (e:Account {dataset: $dataset})-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
WHERE ($group IS NULL OR g.id = $group) AND {{account_exists(e)}}
  AND ($kind IS NULL OR ($kind = 'company' AND e:Company) OR ($kind = 'department' AND e:Department))
WITH e, g,
     EXISTS {
       MATCH {{belongs_to(s, e)}}
       WHERE {{person_active(s)}}
         AND {{paired(s)}}
     } AS known,
     EXISTS { (e)-[:PART_OF*0..]->()<-[:ASSIGNED_TO]-(:Owner) }
       OR EXISTS { (g)<-[:ASSIGNED_TO]-(:Owner) } AS assigned
WHERE NOT known OR NOT assigned
CALL (e, g) {
  MATCH (beneath:Account)-[:PART_OF*0..]->(e)
  WHERE {{account_exists(beneath)}}
  UNWIND {{held_units(beneath)}} AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
    WHERE {{subscription_active(x)}}
  RETURN coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS current_mrr
}
RETURN e.id AS id, CASE WHEN e:Company THEN 'company' ELSE 'department' END AS kind,
       e.name AS name, g.id AS group,
       [r IN [CASE WHEN NOT known THEN 'dark' END,
              CASE WHEN NOT assigned THEN 'unassigned' END] WHERE r IS NOT NULL] AS reasons,
       round(coalesce(e.potential_mrr, 0.0), 2) AS potential_mrr,
       round(current_mrr, 2) AS current_mrr
ORDER BY potential_mrr DESC, id
