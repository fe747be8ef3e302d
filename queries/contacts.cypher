// contacts: too many contact points, computed inside Neo4j (same answer as `accountmap contacts`).
// Purpose:    touchpoints in the window (as_of - $window_days, as_of]. Per active person (the
//             posts of one person, SAME_PERSON_AS, are one, under the post without it):
//             distinct owners met (flag too_many_owners above $max_owners), collisions = pairs
//             of its touchpoints with disjoint owner sets at most $collision_days apart (flag
//             collisions), and the suggested single contact (account_manager assigned on its
//             company, else on its group; else smallest-id owner assigned on its company, a
//             department at or above its own, or its group; else the owner with most window
//             touchpoints, ties smallest id).
//             Per company: distinct owners across its own stakeholders' window touchpoints,
//             flagged above $max_company_owners. One table: `scope` says which rows are which.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $window_days (integer, default 90): Look at touchpoints in (as_of - N days, as_of].
//             $max_owners (integer, default 3): Flag a stakeholder met by more owners than this.
//             $collision_days (integer, default 7): Two separate touchpoints this close, by
//             disjoint owners, collide.
//             $max_company_owners (integer, default 5): Flag a company whose people were met by
//             more owners than this.
// Columns:    scope, id, name, company, owners, owner_count, touchpoints, collisions, flags,
//             suggested_contact
MATCH (t:Touchpoint {dataset: $dataset})
WHERE t.date > $as_of - duration({days: $window_days}) AND t.date <= $as_of
MATCH (t)-[:ATTENDED_BY]->(post:Stakeholder)
WHERE (((post.joined_on IS NULL OR post.joined_on <= $as_of) AND CASE WHEN post.left_on IS NULL THEN post.status = 'active' ELSE $as_of < post.left_on END) AND NOT EXISTS { MATCH (post)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
WITH DISTINCT t, head([person_path = (post)-[:SAME_PERSON_AS*0..]->(person_root:Stakeholder) WHERE all(n IN nodes(person_path) WHERE (((n.joined_on IS NULL OR n.joined_on <= $as_of) AND CASE WHEN n.left_on IS NULL THEN n.status = 'active' ELSE $as_of < n.left_on END) AND NOT EXISTS { MATCH (n)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })) AND NOT EXISTS { MATCH (person_root)-[:SAME_PERSON_AS]->(person_up:Stakeholder) WHERE (((person_up.joined_on IS NULL OR person_up.joined_on <= $as_of) AND CASE WHEN person_up.left_on IS NULL THEN person_up.status = 'active' ELSE $as_of < person_up.left_on END) AND NOT EXISTS { MATCH (person_up)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }) } | person_root]) AS s
WITH s, t, COLLECT { MATCH (t)-[:ATTENDED_BY]->(o:Owner) RETURN o.id ORDER BY o.id } AS owners
ORDER BY t.date, t.key
WITH s, collect({date: t.date, owners: owners}) AS m
WITH s, m,
     COLLECT { UNWIND m AS x UNWIND x.owners AS o RETURN DISTINCT o ORDER BY o } AS met
WITH s, m, met,
     reduce(c = 0, i IN range(0, size(m) - 1) |
       c + size([j IN range(i + 1, size(m) - 1)
                 WHERE duration.inDays(m[i].date, m[j].date).days <= $collision_days
                   AND none(o IN m[i].owners WHERE o IN m[j].owners)])) AS collisions
WITH s, m, met, collisions,
     [f IN [CASE WHEN size(met) > $max_owners THEN 'too_many_owners' END,
            CASE WHEN collisions > 0 THEN 'collisions' END] WHERE f IS NOT NULL] AS flags
WHERE size(flags) > 0
MATCH (s)-[:WORKS_AT]->(c:Company)-[:IN_GROUP]->(g:Group)
WITH s, m, met, collisions, flags, c, g,
     [(c)<-[a:ASSIGNED_TO]-(o:Owner) WHERE a.role = 'account_manager' | o.id] AS managers,
     [(g)<-[a:ASSIGNED_TO]-(o:Owner) WHERE a.role = 'account_manager' | o.id] AS group_managers,
     [(c)<-[:ASSIGNED_TO]-(o:Owner) | o.id] +
     [(s)-[:WORKS_IN]->(:Department)-[:PART_OF*0..]->(d:Department)<-[:ASSIGNED_TO]-(o:Owner)
      | o.id] + [(g)<-[:ASSIGNED_TO]-(o:Owner) | o.id] AS assigned,
     [o IN met | {id: o, n: size([x IN m WHERE o IN x.owners])}] AS counts
WITH s, m, met, collisions, flags, c,
     CASE
       WHEN size(managers) > 0
         THEN reduce(best = managers[0], o IN managers | CASE WHEN o < best THEN o ELSE best END)
       WHEN size(group_managers) > 0
         THEN reduce(best = group_managers[0], o IN group_managers |
                CASE WHEN o < best THEN o ELSE best END)
       WHEN size(assigned) > 0
         THEN reduce(best = assigned[0], o IN assigned | CASE WHEN o < best THEN o ELSE best END)
       ELSE reduce(best = counts[0], x IN counts |
              CASE WHEN x.n > best.n OR (x.n = best.n AND x.id < best.id) THEN x ELSE best END).id
     END AS suggested
RETURN 'stakeholder' AS scope, s.id AS id, s.name AS name, c.id AS company,
       [o IN met | o] AS owners, size(met) AS owner_count, size(m) AS touchpoints,
       collisions, flags, suggested AS suggested_contact
ORDER BY owner_count DESC, id
UNION ALL
MATCH (t:Touchpoint {dataset: $dataset})
WHERE t.date > $as_of - duration({days: $window_days}) AND t.date <= $as_of
MATCH (t)-[:ATTENDED_BY]->(s:Stakeholder)-[:WORKS_AT]->(c:Company)
WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
MATCH (t)-[:ATTENDED_BY]->(o:Owner)
WITH c, o ORDER BY o.id
WITH c, collect(DISTINCT o.id) AS owners
WHERE size(owners) > $max_company_owners
RETURN 'company' AS scope, c.id AS id, c.name AS name, null AS company, owners,
       size(owners) AS owner_count, null AS touchpoints, null AS collisions, null AS flags,
       null AS suggested_contact
ORDER BY owner_count DESC, id
