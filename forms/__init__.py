"""Printable documents: Jinja2 templates rendered to PDF by WeasyPrint (imported lazily)."""
