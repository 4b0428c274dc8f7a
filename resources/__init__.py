"""Word template, sample issue and icons, shipped as package data."""
