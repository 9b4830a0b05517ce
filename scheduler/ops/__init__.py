"""Running it unattended: the doctor, the systemd unit, Prometheus metrics."""
