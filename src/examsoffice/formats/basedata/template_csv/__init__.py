"""Our basedata template as a CSV file (UTF-8, with or without Excel's BOM)."""
