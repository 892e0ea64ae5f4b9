"""The admin's office settings: the dialog (dialog.py) and one module per tab."""
