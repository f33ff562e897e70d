"""Static files of the visitor's booking page (served by server.net.booking_page)."""
