"""The intake API's routes, one module per resource; handler.py assembles them."""
