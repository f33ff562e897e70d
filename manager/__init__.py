"""The manager's live floor: counters, queues, printers and alerts as they happen, the day's
history as charts, the wait-time report with its Excel export, and the manager's actions."""
