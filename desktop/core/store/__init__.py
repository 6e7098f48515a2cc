"""Storage: the SQLite file, its migrations, backups, the single-instance lock and row ids."""
