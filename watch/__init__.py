"""`rinda network watch centres.toml`: every centre's floor now, side by side, read from each
centre's own server (`GET /live`) every 10 s; docs/network-watch.md."""
