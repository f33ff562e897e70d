"""Static files of the public /join page (served by server.net.join_page)."""
