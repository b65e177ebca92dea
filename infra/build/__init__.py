"""Lambda code and dependency assets, built on the synthesizing machine without Docker."""
