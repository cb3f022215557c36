// answers: how many vignettes are there?
// touches: Vignette (count store)
RETURN COUNT { (:Vignette) } AS total
