// answers: has anything been written since a moment ago? (counts read from the count store, constant time: every write through kb adds an audit entry, and most change a count of vignettes, facts or persons)
// touches: AuditEntry, Vignette, Fact, Person (count store)
RETURN COUNT { (:AuditEntry) } AS audits, COUNT { (:Vignette) } AS vignettes, COUNT { (:Fact) } AS facts,
       COUNT { (:Person) } AS persons
