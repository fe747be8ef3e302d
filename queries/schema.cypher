// schema: constraints and indexes accountmap needs (run by `accountmap load` before any row).
//
// Purpose:    every node is unique per (dataset, key) within its label, so MERGE finds it by
//             index (no label scans: loads stay linear) and several datasets can share one
//             database. Accounts (companies and departments) also carry the :Account label.
//             Every customer record has its group in `scope` (indexed with the dataset), so
//             one group is read and loaded by index seeks; :GroupLoad stamps each group.
//             Indexes serve the time-window and lookup properties the analyses read.
// Parameters: none.
// Columns:    none.
// Each statement ends with a semicolon; all are IF NOT EXISTS, so running this twice is safe.

CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (n:Dataset) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT group_key IF NOT EXISTS FOR (n:Group) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT company_key IF NOT EXISTS FOR (n:Company) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT department_key IF NOT EXISTS FOR (n:Department) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT account_key IF NOT EXISTS FOR (n:Account) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT stakeholder_key IF NOT EXISTS FOR (n:Stakeholder) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT owner_key IF NOT EXISTS FOR (n:Owner) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT product_key IF NOT EXISTS FOR (n:Product) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT opportunity_key IF NOT EXISTS FOR (n:Opportunity) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE CONSTRAINT touchpoint_key IF NOT EXISTS FOR (n:Touchpoint) REQUIRE (n.dataset, n.key) IS UNIQUE;
CREATE INDEX touchpoint_date IF NOT EXISTS FOR (n:Touchpoint) ON (n.date);
CREATE INDEX stakeholder_status IF NOT EXISTS FOR (n:Stakeholder) ON (n.status);
CREATE INDEX stakeholder_id IF NOT EXISTS FOR (n:Stakeholder) ON (n.id);
CREATE INDEX account_id IF NOT EXISTS FOR (n:Account) ON (n.id);
CREATE INDEX opportunity_status IF NOT EXISTS FOR (n:Opportunity) ON (n.status);
CREATE INDEX relates_to_last_contact IF NOT EXISTS FOR ()-[r:RELATES_TO]-() ON (r.last_contact);
CREATE INDEX subscribes_status IF NOT EXISTS FOR ()-[r:SUBSCRIBES]-() ON (r.status);
CREATE CONSTRAINT group_load IF NOT EXISTS FOR (n:GroupLoad) REQUIRE (n.dataset, n.group) IS UNIQUE;
CREATE INDEX group_scope IF NOT EXISTS FOR (n:Group) ON (n.dataset, n.scope);
CREATE INDEX account_scope IF NOT EXISTS FOR (n:Account) ON (n.dataset, n.scope);
CREATE INDEX company_scope IF NOT EXISTS FOR (n:Company) ON (n.dataset, n.scope);
CREATE INDEX department_scope IF NOT EXISTS FOR (n:Department) ON (n.dataset, n.scope);
CREATE INDEX stakeholder_scope IF NOT EXISTS FOR (n:Stakeholder) ON (n.dataset, n.scope);
CREATE INDEX opportunity_scope IF NOT EXISTS FOR (n:Opportunity) ON (n.dataset, n.scope);
CREATE INDEX touchpoint_scope IF NOT EXISTS FOR (n:Touchpoint) ON (n.dataset, n.scope);
CREATE INDEX owner_dataset IF NOT EXISTS FOR (n:Owner) ON (n.dataset);
CREATE INDEX product_dataset IF NOT EXISTS FOR (n:Product) ON (n.dataset);
