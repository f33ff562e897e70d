"""The watch's widgets."""
