"""Grading machinery for the kata repository: the pytest plugin and the helpers tests use."""

from graders.verdicts import not_gradable

__all__ = ["not_gradable"]
