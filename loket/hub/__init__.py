"""The office hub: one PC holds the office database and serves the office LAN.

Counters, the kiosk and the display PCs reach it over HTTPS (RPC of the OfficeClient
methods) and a WebSocket (change notices). The hub makes its own certificate; clients
pin its SHA-256 at pairing. No Qt here: the hub runs headless beside the GUI.
"""
