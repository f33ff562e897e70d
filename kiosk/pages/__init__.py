"""The kiosk's pages: one widget per thing a visitor sees, switched by the app's `page`."""
