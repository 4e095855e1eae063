"""``python -m annotator.gui.screenshots --out docs/``."""

import sys

from .shots import main

sys.exit(main())
