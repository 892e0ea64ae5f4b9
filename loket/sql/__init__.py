"""What the desk's database (``loket.store``) and the city server's (``loket.server``) share:
column types and naming, the one SQLite engine set-up, the one Ticket↔row mapping.

Below both, above ``loket.core``: neither database package imports the other.
"""
