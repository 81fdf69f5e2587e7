"""Lantern's domain: plain Python, no Discord. The cogs call into this package."""
