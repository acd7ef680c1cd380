"""Remediation and consultation tickets tied to machines, with SLA in working days."""
