"""Source file -> sections -> paragraph chunks (pure; no I/O beyond reading)."""
