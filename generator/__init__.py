"""City gazette and open-data portal generator: load → validate → embargo → render → publish."""

__version__ = "0.1.0"
