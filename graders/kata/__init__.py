"""The `kata` command students (and instructors) type; see `graders.kata.cli`."""
