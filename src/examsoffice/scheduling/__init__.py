"""Exam scheduling rules: timetables, clashes, seating."""
