"""Our basedata template as an Excel workbook: the columns in its first sheet."""
