// answers: (write) delete the BROADER and RELATED links between concepts, before they are written anew
// touches: Concept, BROADER, RELATED
MATCH (:Concept)-[r:BROADER|RELATED]->(:Concept)
DELETE r
