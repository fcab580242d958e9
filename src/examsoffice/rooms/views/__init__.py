"""The rooms pages, one module per area: rooms, invigilation, seating, the day."""
