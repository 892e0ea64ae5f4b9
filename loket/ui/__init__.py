"""Qt widgets: the only package that imports Qt. Talks to loket.app through controllers."""
