"""The display's widgets, one per module."""
