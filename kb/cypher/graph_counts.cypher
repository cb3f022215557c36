// answers: how many vignettes, persons, facts, concepts and relationships does the graph hold?
// touches: Vignette, Person, Fact, Concept, all relationships (served from the count store)
RETURN COUNT { (:Vignette) } AS vignettes,
       COUNT { (:Person) } AS persons,
       COUNT { (:Fact) } AS facts,
       COUNT { (:Concept) } AS concepts,
       COUNT { ()-[]->() } AS relationships
