"""`rinda demo` and `rinda drill`: a whole centre on one machine, for newcomers and fault drills."""
