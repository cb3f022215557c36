// answers: which of these vignette ids are in the graph?
// touches: Vignette
UNWIND $ids AS id
MATCH (v:Vignette {id: id})
RETURN collect(v.id) AS found
