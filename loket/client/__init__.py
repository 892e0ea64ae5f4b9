"""How every window and the `loket queue` CLI talk to the office.

``api.OfficeClient`` is the one interface; ``local.LocalOffice`` implements it over this
PC's SQLite (standalone PC, the hub PC's own GUI, and the hub server executing RPCs);
``lan.LanOffice`` implements it over the office LAN. No Qt here.
"""
