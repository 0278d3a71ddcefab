"""The instructor's tools: release, Classroom workflow, nbgrader course, batch grading."""
