"""File formats read and written by examsoffice: CTF, register batch files, tables."""
