"""Test-side helpers per topic: importable by worker processes, never edited by students."""
