"""What people are shown: rows for the CLI and the desk, status, simulation."""
