"""Renderers of what leaves the system: the PDF report, FHIR, CSV and JSON, the iCalendar feed.

They take the plain records the services gather (or domain objects) and return bytes, text or
dicts; they read no database and know nothing of the web.
"""
