"""The pure queue core: state + command -> events. No asyncio, no I/O, no clock."""
