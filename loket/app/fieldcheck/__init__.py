"""Is this PC fit for a day at the counter? The checks that need no Qt.

Offices run Windows PCs of every age, set up by whoever was there. The checks here are
the things that have stopped a desk in the field (a read-only folder, a full or slow
disk, a damaged file, no backups, no city server, a wrong clock), each told as one line
with what to do in Indonesian, so the city's IT can fix a PC before an operator meets
the problem with a queue in front of them. ``loket.ui.tools.doctor`` shows them with the
checks of the devices (printer, voice, sound, screens), which need Qt.
"""
