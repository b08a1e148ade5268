"""What each report's sections need: facts from analysis and data, set as tables and figures of a Report.
The notebooks word them."""
