"""The staff desk: a small web app beside the daemon to see and steer what goes out."""
