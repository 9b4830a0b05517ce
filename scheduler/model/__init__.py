"""The domain's plain data: what every layer passes around, with no I/O and no clock."""
