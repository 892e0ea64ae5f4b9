"""Queue tickets as thermal printers print them, without Qt.

``slip`` says what a ticket carries; ``escpos`` turns it into the bytes of a 58 mm or
80 mm roll (sizes, word wrap, code page, QR); ``interpret`` plays those bytes back into
a page of placed text and dots so tests (and the README's pictures) see what the paper
shows; ``devices`` sends them to a network printer, a device file or an installed
printer through the OS spooler, and reads a network printer's status (DLE EOT).
"""
