"""Exam administration operations, one module per area; views and CLI call these."""
