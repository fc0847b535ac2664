"""Simpul IKM bench suite: `make bench-quick` (minutes) and `make bench` (the full sizes)."""
