"""The network of centres: each centre's anonymous facts file and what reads it (docs/facts.md)."""
