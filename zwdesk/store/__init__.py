"""Persistence: peewee models, the database connection with its migrations, issue storage."""
