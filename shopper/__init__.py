"""模拟办事 journey suite engine: recorder, records, scoring, scorecards, report, CLI."""
__version__ = "0.1.0"
