// answers: how many stored articles (with their text) are there?
// touches: Article
MATCH (a:Article)
WHERE a.content_hash IS NOT NULL
RETURN count(a) AS total
