// answers: a fingerprint of everything stored: node counts per label, relationship counts per type, and every vignette's version and title (to prove a request changed nothing)
// touches: all nodes and relationships, Vignette
RETURN COLLECT { MATCH (n) UNWIND labels(n) AS label WITH label, count(*) AS n
                 RETURN label + ':' + toString(n) AS c ORDER BY c } AS labels,
       COLLECT { MATCH ()-[r]->() WITH type(r) AS t, count(*) AS n
                 RETURN t + ':' + toString(n) AS c ORDER BY c } AS relationships,
       COLLECT { MATCH (v:Vignette) RETURN v.id + '@' + coalesce(v.content_hash, '') + ':' + coalesce(v.title, '') AS c
                 ORDER BY c } AS vignettes
