// answers: which of these concept ids are not in the graph (a write of facts needs every one of them)
// touches: Concept
UNWIND $ids AS id
WITH id WHERE NOT EXISTS { MATCH (:Concept {id: id}) }
RETURN collect(id) AS missing
