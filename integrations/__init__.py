"""Parsers for outside formats: asset registers, check-tool exports, osquery, GLPI."""

from integrations.activation import parse_activation
from integrations.assets import parse_assets
from integrations.checktool import parse_checktool
from integrations.detect import FORMATS, FileFormat, ParseOptions, detect_format, parse_scan_file
from integrations.glpi import parse_glpi
from integrations.licenses import parse_licenses
from integrations.osquery import parse_osquery
from integrations.people import parse_people
from integrations.registry import parse_registry

__all__ = [
    "FORMATS",
    "FileFormat",
    "ParseOptions",
    "detect_format",
    "parse_activation",
    "parse_assets",
    "parse_checktool",
    "parse_glpi",
    "parse_licenses",
    "parse_osquery",
    "parse_people",
    "parse_registry",
    "parse_scan_file",
]
