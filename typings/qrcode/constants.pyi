# Only what Rinda uses of qrcode 8.x; see typings/README.md.

ERROR_CORRECT_M: int
