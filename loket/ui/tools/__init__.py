"""Programs around the GUI rather than in it: ``loket doctor``, ``loket --self-check`` and
the README's screenshots and ticket pictures."""
