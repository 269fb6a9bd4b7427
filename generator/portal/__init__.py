"""Open-data portal: downloads, catalogue metadata, change history, charts, pages."""
