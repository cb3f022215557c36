// answers: one vignette whole, as export_vignettes gives each (to edit it as a file), with its version (content hash)
// touches: Vignette, Article, Person, Fact, FROM_ARTICLE, HAS_PERSON, HAS_FACT, RELATED_TO, ABOUT, INVOLVES, FOR, BY, SHOWN_BY, TARGETS, AFTER
MATCH (v:Vignette {id: $id})
OPTIONAL MATCH (v)-[:FROM_ARTICLE]->(a:Article)
RETURN v.id AS id, v.content_hash AS version, v.title AS title, v.summary AS summary, v.composite AS composite, v.synthetic AS synthetic,
       v.phases AS phases, v.narrative AS narrative, a.id AS article_id, v.source_title AS source_title,
       v.source_author AS source_author, v.source_url AS source_url,
       COLLECT {
         MATCH (v)-[:HAS_PERSON]->(p:Person)
         WITH p ORDER BY p.position
         RETURN {id: p.local_id, name: p.name, gender: p.gender, age_band: p.age_band,
                 relations: COLLECT {
                   MATCH (p)-[r:RELATED_TO]->(q:Person)
                   WITH r, q ORDER BY r.position, q.position, r.type
                   RETURN {type: r.type, to: q.local_id, phase: r.phase, evidence: r.evidence}
                 }}
       } AS persons,
       COLLECT {
         MATCH (v)-[:HAS_FACT]->(f:Fact)
         WITH f ORDER BY f.kind, f.position
         RETURN {id: f.local_id, kind: f.kind, concept: f.concept_id, phase: f.phase, description: f.description,
                 result: f.result, evidence: f.evidence,
                 persons: COLLECT {
                   MATCH (f)-[l:ABOUT|INVOLVES|FOR|BY]->(p:Person)
                   WITH l, p ORDER BY l.position, p.position
                   RETURN {type: type(l), id: p.local_id}
                 },
                 facts: COLLECT {
                   MATCH (f)-[l:SHOWN_BY|TARGETS|AFTER]->(g:Fact)
                   WITH l, g ORDER BY l.position, g.kind, g.position
                   RETURN g.local_id
                 }}
       } AS facts
