"""Guard mode panels shared by the kiosk and the admin app (G1–G5)."""
