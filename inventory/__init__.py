"""Inventory: people, machines, software catalog, scans, entitlements and compliance."""
