"""The people at the desk: staff accounts, passwords, and their edits to the queue."""
