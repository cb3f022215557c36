// answers: (write) delete every teaching case and every version of one (an import with --wipe); returns how many nodes went
// touches: TeachingCase, TeachingCaseVersion and their relationships
MATCH (n)
WHERE n:TeachingCase OR n:TeachingCaseVersion
DETACH DELETE n
RETURN count(*) AS deleted
