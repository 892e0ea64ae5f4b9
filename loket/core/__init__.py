"""Pure domain rules shared by the desk and the city server: no Qt, no SQL, no I/O."""
