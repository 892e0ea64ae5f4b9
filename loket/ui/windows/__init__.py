"""The main windows: the operator panel, the kiosk, the public display, the rating pad, the
SKM form and the supervisor's dashboard. Each talks to an ``OfficeClient``."""
