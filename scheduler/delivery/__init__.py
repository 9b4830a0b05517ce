"""Sending, exactly once: the daemon, the claim-and-send path, publish-now, alerts."""
