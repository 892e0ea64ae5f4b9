"""The city server's online extras (issue 16): the citizen's ticket page ``/t/<token>``
fed by the offices' live state, and (further modules) bookings made ahead.

Kept apart from the city page's modules: own tables, own routes, own templates.
"""
