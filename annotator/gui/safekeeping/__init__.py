"""The database file kept safe while the window works on it: rolling backups and the read-only
banner (``safety``), restoring a backup and the offer on a damaged file (``recovery``,
``backup_dialog``), and the one handler for reads that meet a damaged page (``read_guard``).

Imports ``common`` only, so every surface can guard its reads.
"""
