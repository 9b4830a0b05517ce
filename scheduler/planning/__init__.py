"""What goes out when: slots in an account's time zone and the pure planner."""
