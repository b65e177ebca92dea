"""The Lambda entry points. Importing one is a cold start: the garbage collector waits until it is done
(shared/cold_init.py)."""

from shared.cold_init import pause_collection

pause_collection()
