"""The floors under the cold-start ratios: the libraries a handler stands on, imported as a handler module
imports them and nothing of ours — with the garbage collector paused for the import as a service's
`handlers/__init__.py` pauses it (shared/cold_init.py), so a floor stays what no handler can go below."""

from shared.cold_init import pause_collection

pause_collection()
