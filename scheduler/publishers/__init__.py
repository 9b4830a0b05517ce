"""Publishers: one module per platform plus a dry-run outbox, behind one small interface."""
