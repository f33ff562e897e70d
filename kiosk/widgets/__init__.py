"""Widgets the kiosk's pages are made of."""
