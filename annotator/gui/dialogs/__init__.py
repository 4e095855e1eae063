"""Dialogs that run one task on the whole database: import, export, merge (with progress and a
summary) and Edit ▸ Key bindings.

Import ``common`` and ``safekeeping``; opened by the annotation window.
"""
