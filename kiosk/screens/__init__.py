"""The kiosk's screens, one module each, in the order a visitor meets them."""
