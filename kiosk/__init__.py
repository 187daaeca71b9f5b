"""The visitor touchscreen program (`vartio-kiosk`)."""
