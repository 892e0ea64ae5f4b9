"""The online extras of an office (issue 16): the citizen's live position on a phone,
bookings made ahead through the city, and messages to citizens who agreed.

All of it sits on top of the local queue and is never a condition for it: with no
internet the office issues, calls and serves as before.
"""
