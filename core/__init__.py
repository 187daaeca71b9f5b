"""Vartio's domain: services, policies, permissions, audit chain, outbox. No Qt here."""
