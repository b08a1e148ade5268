"""What a report is made of: the Report (say, table, figure, claims file), its context and parameters,
the charts' theme and builders, and the notebook's first cell (notebook.start)."""
