"""Dialogs opened from the windows: login, finish/transfer, export, reprint, recovery, the
IKM plan, this PC's voice, and the first-run set-up wizard."""
