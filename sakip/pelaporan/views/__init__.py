"""Pages of the reports, one module per part."""
