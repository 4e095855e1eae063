"""annotator: tag spans of news articles as claim, denial, demand or evidence.

The core (this package minus ``gui``) is pure Python with no Qt import:
``model`` (domain objects), ``schema`` (tables and migrations), ``connection``
(opening the file), ``store`` (the SQLite file), ``labels`` (the label scheme), ``importers``, ``exporters``,
``agreement`` and ``offsets``. ``gui`` and ``cli`` sit on top of it.
"""

__version__ = "0.1.0"
