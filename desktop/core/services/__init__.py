"""Use cases. Each takes a `Context`, returns plain data (dicts/dataclasses) or raises a typed error."""
