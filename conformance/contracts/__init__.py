"""Contract tests: each simulator against its vendor's published description and clients."""
