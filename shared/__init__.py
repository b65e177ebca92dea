"""The repo's own code package, used by every service: domain models, events, repositories, config."""
