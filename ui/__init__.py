"""Designer .ui files, shipped as package data."""
