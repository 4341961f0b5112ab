"""The PostgreSQL archive: where the database is, its schema, and how items are written."""
