"""Builders that derive the project's tables from published source files."""
