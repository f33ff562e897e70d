"""Static files of the visitor's phone page (served by server.net.status_page)."""
