"""Printed documents (ReportLab PDFs) built from plain data."""
