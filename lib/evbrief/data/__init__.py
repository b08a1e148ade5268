"""The evidence: sourced tables and their checks (tables, rules), the member list and names (countries),
the derive step from the reference files (derive, sources/) and the safe refresh (update)."""
