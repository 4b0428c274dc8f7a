"""The headless core: exchange format, text generation and Word rendering. No Qt here."""
