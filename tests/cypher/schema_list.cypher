// answers: which constraints and indexes exist (name, type, state)?
// touches: schema only
SHOW INDEXES YIELD name, type, state
RETURN name, type, state
