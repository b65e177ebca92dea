"""The staff API's pydantic models: case work, the action bodies and the directory admin's."""
