"""Essay-to-social scheduler: quotes from an author's essays, published on a schedule."""

__version__ = "0.1.0"
