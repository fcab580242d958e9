"""Identifiers of England's school data: ULN, UPN, UCI, candidate and centre numbers, postcodes."""
