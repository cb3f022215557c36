"""A small valid vignette, as YAML text, for tests to change one thing at a time."""

MINIMAL = """\
id: test-mira
title: Mira and her brother
summary: A sister keeps rescuing her brother from the consequences of his drinking. An Al-Anon group helps her stop.
composite: true
phases: [adulthood, therapy, follow-up]
narrative: |
  Mira, in her early forties, has paid her younger brother's rent three times this year.
  He drinks most nights. In therapy she saw how rescuing him kept them both stuck,
  and she joined an Al-Anon group. A year later she no longer pays his bills, and they
  speak calmly once a week.
persons:
  - id: mira
    name: Mira
    gender: female
    age_band: adult
    relations:
      - {type: sibling_of, to: brother}
  - id: brother
    name: Mira's brother
    gender: male
    age_band: adult
roles:
  - {id: r-caretaker, person: mira, role: caretaker, phase: adulthood, evidence: "paid her younger brother's rent"}
behaviors:
  - id: b-rescue
    person: mira
    behavior: rescuing
    description: pays her brother's rent
    phase: adulthood
    evidence: "has paid her younger brother's rent three times this year"
  - {id: b-drink, person: brother, behavior: heavy drinking, phase: adulthood, evidence: "He drinks most nights"}
patterns:
  - id: p-codep
    pattern: codependence
    persons: [mira, brother]
    shown_by: [r-caretaker, b-rescue]
    evidence: "rescuing him kept them both stuck"
interventions:
  - id: i-alanon
    intervention: Al-Anon
    for: [mira]
    targets: [p-codep, b-rescue]
    phase: therapy
    evidence: "she joined an Al-Anon group"
outcomes:
  - id: o-boundaries
    outcome: healthier-boundaries
    person: mira
    after: [i-alanon]
    result: improved
    phase: follow-up
    evidence: "she no longer pays his bills"
"""
