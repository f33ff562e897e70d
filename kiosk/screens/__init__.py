"""The kiosk's screens, one per file, in the order a visitor sees them."""
