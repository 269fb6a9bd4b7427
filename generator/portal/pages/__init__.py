"""The open-data portal's page providers."""
