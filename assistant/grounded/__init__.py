"""Grounded answers (no LLM): question analysis, fact answers, answer units of passages, refusal."""

from assistant.grounded.answerer import Draft, GroundedAnswerer, idf_from_index

__all__ = ["Draft", "GroundedAnswerer", "idf_from_index"]
