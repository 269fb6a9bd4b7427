"""Data: read, check and import the datasets (stages load, validate, embargo)."""
