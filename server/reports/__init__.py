"""Wait-time reports: read-only queries of the log, the daily summaries kept beside it, and
the writers (table, CSV, XLSX, JSON) of `rinda report` and the manager app."""
