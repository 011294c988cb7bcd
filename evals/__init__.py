"""Evaluation datasets, scoring and reports for akkoord."""
