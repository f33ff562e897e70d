"""The tablet's pages, one per file, each shown by the app's `page`."""
