"""Sending text to a person in Zalo OA or Messenger: one adapter per platform, one entry point."""
