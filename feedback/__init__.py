"""The exit tablet: a touch Textual app where a visitor leaving rates the visit with a face."""
