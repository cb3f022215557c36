// Constraints and indexes of the knowledge base graph. `kb db migrate` applies
// them (loading does too); every statement is idempotent (IF NOT EXISTS).
// See schema/README.md for the model and why each one is here.

// Identity: every node type has one unique key (a constraint is also an index).
CREATE CONSTRAINT vignette_id IF NOT EXISTS FOR (v:Vignette) REQUIRE v.id IS UNIQUE;
CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (p:Person) REQUIRE p.key IS UNIQUE;
CREATE CONSTRAINT fact_key IF NOT EXISTS FOR (f:Fact) REQUIRE f.key IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE;

// Scoping: replacing or removing one vignette finds its persons and facts by index.
CREATE INDEX person_vignette IF NOT EXISTS FOR (p:Person) ON (p.vignette_id);
CREATE INDEX fact_vignette IF NOT EXISTS FOR (f:Fact) ON (f.vignette_id);

// Persons by lower-cased name: "cases like donna" finds Donna's vignette.
CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name_key);

// Concepts by kind (pattern, role, behavior, intervention, outcome), for listings.
CREATE INDEX concept_kind IF NOT EXISTS FOR (c:Concept) ON (c.kind);

// Outcomes by result (improved, mixed, worse, unchanged), for ranking interventions.
CREATE INDEX outcome_result IF NOT EXISTS FOR (f:OutcomeFact) ON (f.result);

// Intervention aggregates (kb/stats.py): one per (concept, intervention), read by concept and, for
// 'what was X used for', by intervention;
// the refill flag marks the few whose sample a removal left short.
CREATE CONSTRAINT intervention_stat_key IF NOT EXISTS FOR (s:InterventionStat) REQUIRE s.key IS UNIQUE;
CREATE INDEX intervention_stat_concept IF NOT EXISTS FOR (s:InterventionStat) ON (s.concept_id);
CREATE INDEX intervention_stat_intervention IF NOT EXISTS FOR (s:InterventionStat) ON (s.intervention_id);
CREATE INDEX intervention_stat_refill IF NOT EXISTS FOR (s:InterventionStat) ON (s.refill);
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE;

// Full text: vignette titles, summaries and narratives; concept labels, synonyms and definitions.
CREATE FULLTEXT INDEX vignette_text IF NOT EXISTS FOR (v:Vignette) ON EACH [v.title, v.summary, v.narrative];
CREATE FULLTEXT INDEX concept_text IF NOT EXISTS FOR (c:Concept) ON EACH [c.label, c.synonyms_text, c.definition];

// The audit trail, newest first, and by entity (a vignette's history). API keys by id (when kept in Neo4j).
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE;
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
CREATE INDEX audit_entity IF NOT EXISTS FOR (a:AuditEntry) ON (a.entity_id);
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;

// Teaching cases by id, and their versions by case id and revision (kb.teaching).
CREATE CONSTRAINT teaching_case_id IF NOT EXISTS FOR (t:TeachingCase) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT teaching_case_version_key IF NOT EXISTS FOR (h:TeachingCaseVersion) REQUIRE h.key IS UNIQUE;

// Idempotency keys of writes (kb/writing/idempotency.py): one record per caller and key, dropped by age.
CREATE CONSTRAINT idempotent_request_id IF NOT EXISTS FOR (r:IdempotentRequest) REQUIRE r.id IS UNIQUE;
CREATE INDEX idempotent_request_at IF NOT EXISTS FOR (r:IdempotentRequest) ON (r.at);
