"""Indicators and models by topic: facts with value, unit, period and dataset, never sentences or charts."""
