"""The admin's office settings: the dialog and its larger tabs (letterhead, voice clips)."""
