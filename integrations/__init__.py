"""Parsers for outside formats: asset registers, check-tool exports, osquery, GLPI."""
