"""The manager's app: the live floor, charts of the day and the period, reports and actions."""
