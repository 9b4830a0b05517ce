"""Where state lives: the config and queue files, the ledger, the project folder."""
