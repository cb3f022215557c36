// answers: how many persons, facts and links does each of these vignettes hold? (is each one whole?)
// touches: Vignette, Person, Fact, Concept, HAS_PERSON, HAS_FACT, RELATED_TO, INSTANCE_OF, ABOUT, INVOLVES, FOR, BY, SHOWN_BY, TARGETS, AFTER
UNWIND $ids AS id
MATCH (v:Vignette {id: id})
RETURN id,
       COUNT { (v)-[:HAS_PERSON]->(:Person) } AS persons,
       COUNT { (v)-[:HAS_FACT]->(:Fact) } AS facts,
       COUNT { (v)-[:HAS_PERSON]->(:Person)-[:RELATED_TO]->(:Person) } AS relations,
       COUNT { (v)-[:HAS_FACT]->(:Fact)-[:INSTANCE_OF]->(:Concept) } AS concept_links,
       COUNT { (v)-[:HAS_FACT]->(:Fact)-[:ABOUT|INVOLVES|FOR|BY]->(:Person) } AS person_links,
       COUNT { (v)-[:HAS_FACT]->(:Fact)-[:SHOWN_BY|TARGETS|AFTER]->(:Fact) } AS fact_links
