# Only what Rinda uses of python-escpos 3.x; see typings/README.md.
