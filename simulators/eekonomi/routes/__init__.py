"""The REST API v2 routes, one module per resource family; each only translates HTTP to the domain."""
