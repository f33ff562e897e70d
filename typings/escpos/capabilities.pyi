# Only what Rinda uses of python-escpos 3.x; see typings/README.md.

from typing import Any

pickle_dir: str

class BaseProfile:
    profile_data: dict[str, Any]
